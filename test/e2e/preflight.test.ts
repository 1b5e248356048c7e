import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import type { PreflightReport } from '../../services/model/preflight';
import { CHECKS } from '../../services/preflight/checks';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardOf, cardText, eventually, type startTestCutover } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

/** What preflight must report for each seeded defect (and nothing else). */
const EXPECTED: Record<string, { check: keyof typeof CHECKS; status: 'fail' | 'warning' }> = {
  'missing-x500': { check: 'x500', status: 'fail' },
  'exchange-guid-mismatch': { check: 'exchange-guid', status: 'fail' },
  'litigation-hold': { check: 'source-holds', status: 'fail' },
  'in-place-hold': { check: 'source-holds', status: 'fail' },
  'missing-licence': { check: 'cross-tenant-licence', status: 'fail' },
  'non-owned-proxy': { check: 'non-owned-proxy', status: 'fail' },
  'stale-previous-mailbox': { check: 'previous-mailbox', status: 'fail' },
  'delegate-split': { check: 'delegates', status: 'warning' },
};

interface Defect {
  tenant: string;
  email: string;
  defect: string;
}

describe('preflight: readiness checks before a start', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let stack: Stack;
  let defects: Defect[];
  let clean: string[];
  let spare: string[];

  beforeAll(async () => {
    stack = await startStack({ speed: 5_000 });
    ({ simulator, connector, bot } = stack);
    defects = (await (await fetch(`${simulator.url}/_simulator/defects`)).json()) as Defect[];
    const first = await northwindUsers(simulator.url, 20);
    clean = first.slice(0, 10);
    spare = first.slice(10);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => bot.services.ctx.repos;
  const report = (batchId: string) => repos().preflight.read(batchId, batchId);
  const batch = (tenant: string, id: string) => repos().batches.read(tenant, id);
  async function say(text: string, from: DemoUser = USERS.alex) {
    const before = connector.calls.length;
    await postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url }));
    const reply = await eventually(
      () => connector.calls.slice(before).find((c) => c.kind === 'reply'),
      10_000,
      'a reply',
    );
    return reply.body;
  }
  const invoke = async (verb: string, data: unknown, from: DemoUser = USERS.alex) =>
    (await postActivity(bot.url, makeInvoke({ verb, data, from, serviceUrl: connector.url }))).body as {
      statusCode: number;
      value: Record<string, unknown>;
    };
  async function create(name: string, emails: string[], tenant = 'northwind') {
    await say(
      `batch create ${name} --tenant ${tenant} --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    const id = `${tenant}~${name.toLowerCase()}`;
    await eventually(async () => (await batch(tenant, id))?.state === 'Created', 10_000, `${name} created`);
    return id;
  }
  async function runPreflight(name: string, id: string): Promise<PreflightReport> {
    const sentBefore = connector.calls.length;
    const reply = await say(`batch preflight ${name}`);
    expect(reply.text).toMatch(/Checking the readiness/);
    const done = await eventually(
      async () => {
        const r = await report(id);
        return r?.state === 'done' ? r : undefined;
      },
      20_000,
      'the preflight',
    );
    // Its summary card is posted in the conversation.
    const posted = await eventually(
      () =>
        connector.calls
          .slice(sentBefore)
          .find((c) => c.kind !== 'update' && JSON.stringify(c.body).includes(`Preflight: ${name}`)),
      5000,
      'the summary card',
    );
    expectValidCard(cardOf(posted.body));
    return done;
  }

  it('finds each seeded defect on exactly its users, with the fix, and nothing on clean users', async () => {
    const seeded = defects.filter((d) => d.tenant === 'northwindtraders');
    const delegate = seeded.filter((d) => d.defect === 'delegate-split');
    // The batch holds every defect but leaves one delegate-split user out, so the split shows.
    const left = delegate[1]!.email;
    const inBatch = seeded.filter((d) => d.email !== left);
    const id = await create('Defects', [...clean, ...inBatch.map((d) => d.email)]);
    const result = await runPreflight('Defects', id);

    const found = new Map(result.users.map((u) => [u.email, u]));
    for (const d of inBatch) {
      const user = found.get(d.email);
      const expected = EXPECTED[d.defect]!;
      expect(
        user?.findings.map((f) => f.check),
        `${d.email} (${d.defect})`,
      ).toEqual([expected.check]);
      expect(user?.status).toBe(expected.status);
      expect(user?.findings[0]?.fix).toBe(CHECKS[expected.check].fix);
    }
    expect([...found.keys()].sort()).toEqual(inBatch.map((d) => d.email).sort());
    expect(result.counts).toEqual({
      pass: clean.length,
      warning: inBatch.filter((d) => d.defect === 'delegate-split').length,
      fail: inBatch.filter((d) => d.defect !== 'delegate-split').length,
    });
    expect(result.batchFindings).toEqual([]);
    // The irreversible fix is named, never run.
    expect(CHECKS['previous-mailbox'].fix).toMatch(/PermanentlyClearPreviousMailboxInfo/);
    expect(
      simulator
        .calls()
        .filter(
          (c) => /^(Set|New|Remove|Enable|Disable)-/.test(c.cmdlet) && c.cmdlet !== 'New-MigrationBatch',
        ),
    ).toEqual([]);

    // The delegate group proposes moving all three together.
    expect(result.delegates).toHaveLength(1);
    expect(result.delegates[0]!.members.map((m) => m.email).sort()).toEqual(
      delegate.map((d) => d.email).sort(),
    );
    expect(result.delegates[0]!.members.find((m) => m.email === left)?.batchName).toBeUndefined();
  });

  it('exports the report as CSV through the link on the card', async () => {
    const shown = cardOf(await say('batch readiness Defects'));
    expectValidCard(shown);
    const link = JSON.stringify(shown).match(/"url":"([^"]+\/exports\/preflight\?t=[^"]+)"/)?.[1];
    expect(link).toBeDefined();
    const response = await fetch(link!);
    expect(`${response.status} ${response.status === 200 ? '' : await response.text()}`).toBe('200 ');
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = (await response.text()).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Scope,Status,Check,Problem,Fix');
    for (const email of clean) expect(lines).toContain(`${email},pass,,,`);
    expect(lines.some((l) => l.includes(',fail,x500 addresses,'))).toBe(true);
    const forged = await fetch(`${link!.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(404);
  });

  it('blocks the start on failures; only an admin with a reason can override, and it is audited', async () => {
    const id = 'northwind~defects';
    const startsBefore = simulator.calls({ cmdlet: 'Start-MigrationBatch' }).length;
    const blocked = cardOf(await say('batch start Defects', USERS.adele));
    expectValidCard(blocked);
    expect(cardText(blocked)).toMatch(/Blocked by preflight/);
    expect(cardText(blocked)).toMatch(/--override/);
    expect((await batch('northwind', id))?.state).toBe('Created');
    expect((await repos().approvals.query({ pk: id })).items).toEqual([]);

    // An operator who is not an admin cannot override; the refusal is audited.
    const notAdmin = cardOf(
      await say('batch start Defects --override "the holds are released tonight"', USERS.adele),
    );
    expect(cardText(notAdmin)).toMatch(/Only an admin/);
    // A reason is required.
    const noReason = cardOf(await say('batch start Defects --override "ok"'));
    expect(cardText(noReason)).toMatch(/Say why/);
    expect((await report(id))?.override).toBeUndefined();

    const reason = 'Holds are released tonight; licences are on order';
    await say(`batch start Defects --override "${reason}"`);
    const approval = await eventually(
      async () => (await repos().approvals.query({ pk: id })).items[0],
      5000,
      'the approval',
    );
    expect(approval.preflight).toMatchObject({ failed: expect.any(Number), overriddenBy: 'Alex Wilber' });
    expect((await report(id))?.override).toMatchObject({ reason, by: { id: USERS.alex.aadObjectId } });
    const audit = (await repos().audit.query({ pk: id, pageSize: 100 })).items;
    expect(audit.filter((e) => e.action === 'preflight.override').map((e) => [e.outcome, e.detail])).toEqual(
      expect.arrayContaining([
        ['refused', expect.stringContaining('not an admin')],
        ['done', reason],
      ]),
    );
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(startsBefore);
  });

  it('the proposed delegate grouping resolves the warning', async () => {
    const proposal = (await report('northwind~defects'))!.delegates[0]!.members.map((m) => m.email);
    const id = await create('Assistants', proposal);
    const result = await runPreflight('Assistants', id);
    expect(result.users.filter((u) => u.findings.some((f) => f.check === 'delegates'))).toEqual([]);
    expect(result.delegates).toEqual([]);
  });

  it('a one-sided organization relationship fails the batch, and so its start', async () => {
    const woodgrove = await northwindUsers(simulator.url, 3, 'woodgrovebank');
    const id = await create('Tailspin', woodgrove, 'woodgrove');
    const result = await runPreflight('Tailspin', id);
    expect(result.batchFindings.map((f) => [f.check, f.status])).toEqual([['source-relationship', 'fail']]);
    expect(result.batchFindings[0]!.fix).toBe(CHECKS['source-relationship'].fix);
    expect(result.users).toEqual([]);
    const blocked = cardOf(await say('batch start Tailspin --tenant woodgrove'));
    expect(cardText(blocked)).toMatch(/Blocked by preflight/);
    expect(cardText(blocked)).toMatch(/source relationship|organization relationship/i);
  });

  it('a clean batch passes inline and goes straight to its approval with the counts', async () => {
    const id = await create('Clean', spare.slice(0, 4));
    await say('batch start Clean');
    const approval = await eventually(
      async () => (await repos().approvals.query({ pk: id })).items[0],
      5000,
      'the approval',
    );
    expect(approval.preflight).toEqual({ passed: 4, warnings: 0, failed: 0 });
    expect((await report(id))?.state).toBe('done');
  });

  it('runbooks: check-offs are stored and audited; Cutover verifies the relationships itself', async () => {
    const card = cardOf(await say('runbook cross-tenant-setup --tenant northwind'));
    expectValidCard(card);
    const done = cardActions(card).find((a) => a.verb === 'runbook.check' && a.data.done === true)!;
    const answer = await invoke('runbook.check', done.data, USERS.adele);
    expectValidCard(answer.value);
    const stored = await repos().runbooks.read('northwind', 'northwind:cross-tenant-setup');
    expect(stored?.steps[done.data.stepId as string]).toMatchObject({
      done: true,
      by: { id: USERS.adele.aadObjectId },
    });
    const audit = (await repos().audit.query({ pk: 'tenant:northwind', pageSize: 100 })).items;
    expect(audit.map((e) => [e.action, e.outcome, e.detail])).toContainEqual([
      'runbook.check',
      'done',
      `cross-tenant-setup/${done.data.stepId}`,
    ]);
    // A viewer cannot check off.
    const refused = await invoke('runbook.check', { ...done.data, version: stored!.version }, USERS.isaiah);
    expect(cardText(refused.value)).toMatch(/operator role/);

    const verify = cardActions(answer.value).filter((a) => a.verb === 'runbook.verify');
    expect(verify.length).toBeGreaterThan(0);
    const relationships = verify.find((a) => /relationship/i.test(String(a.data.stepId)))!;
    const verified = await invoke('runbook.verify', relationships.data, USERS.adele);
    expect(cardText(verified.value)).toMatch(/Both organization relationships allow the moves/);

    const woodgrove = cardOf(await say('runbook cross-tenant-setup --tenant woodgrove'));
    const wgVerify = cardActions(woodgrove).find(
      (a) => a.verb === 'runbook.verify' && /relationship/i.test(String(a.data.stepId)),
    )!;
    const failed = await invoke('runbook.verify', wgVerify.data, USERS.adele);
    expect(cardText(failed.value)).toMatch(/no organization relationship/i);
  });
});
