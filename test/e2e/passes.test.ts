import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorCall, SimulatorHandle } from '../../simulator';
import { readAll } from '../../services/store/document-store';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardOf, cardText, eventually, type startTestCutover } from '../support/cutover';
import { chatWith } from '../support/chat';
import { type Stack, startStack } from '../support/stack';

type Capture = Awaited<ReturnType<typeof startConnectorCapture>>;
type Bot = Awaited<ReturnType<typeof startTestCutover>>;

interface Listing {
  workgroups: { id: string; mailboxes: { source: string; target: string; defect?: string }[] }[];
}

/** Seed 002 on MigrationWiz: the Fabrikam mailboxes Contoso takes over, with their seeded defects. */
async function mergerMailboxes(simulatorUrl: string) {
  const listing = (await (await fetch(`${simulatorUrl}/_simulator/migrationwiz`)).json()) as Listing;
  return listing.workgroups.find((w) => w.id === '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31')!.mailboxes;
}

/** The passes the simulator received, as `<Type>[ Mail before]:<MailboxId>` per item. */
function passCalls(calls: SimulatorCall[]) {
  return calls
    .filter((c) => c.cmdlet === 'MigrationWiz:Create:MailboxMigration' && c.status === 200)
    .flatMap(
      (c) => (c.parameters.entities as { Type: string; MailboxId: string; ItemEndDate?: string }[]) ?? [],
    )
    .map((e) => ({ type: e.ItemEndDate ? 'Prestage' : e.Type, item: e.MailboxId }));
}

describe('a tenant-to-tenant move in passes (seed 002) from Teams, end to end over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Capture;
  let bot: Bot;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    ({ simulator, connector, bot } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => bot.services.ctx.repos;
  const batchOf = () => repos().batches.read('contoso', 'contoso~merge1');
  const { say, invoke, ask, approveLatest } = chatWith({
    get bot() {
      return bot;
    },
    get connector() {
      return connector;
    },
  });
  const stateIs = (...states: string[]) =>
    eventually(
      async () => {
        const batch = await batchOf();
        return batch && !batch.pending && states.includes(batch.state) ? batch : undefined;
      },
      60_000,
      `the batch to be ${states.join(' or ')}`,
    );

  it('verifies, pre-stages, waits for the MX switch, runs the full pass, retries errors and tells the users', async () => {
    const mailboxes = await mergerMailboxes(simulator.url);
    const byDefect = (defect: string) => mailboxes.find((m) => m.defect === defect)!;
    const badCredentials = byDefect('bad-source-credentials');
    const itemErrors = byDefect('item-errors');
    const csv = ['SourceEmail,TargetEmail', ...mailboxes.map((m) => `${m.source},${m.target}`)].join('\n');

    // Create: one project, one item per mapping row.
    const created = await ask(`batch create Merge1 --tenant contoso --scenario third-party\n${csv}`);
    expectValidCard(created.card!);
    expect(cardText(created.card)).toContain('Merge1');
    let batch = await stateIs('Created');
    expect(batch.capabilities?.passes).toBe(true);
    expect(simulator.calls({ cmdlet: 'MigrationWiz:Create:MailboxConnector' })).toHaveLength(1);
    const items = simulator
      .calls({ cmdlet: 'MigrationWiz:Create:Mailbox' })
      .flatMap((c) => c.parameters.entities as unknown[]);
    expect(items).toHaveLength(mailboxes.length);

    // Verify: every item once; the bad credentials are named on the card with MigrationWiz's words.
    await ask('batch verify Merge1');
    batch = await eventually(
      async () => {
        const b = await batchOf();
        return b && !b.pending && b.passes?.done.includes('verify') ? b : undefined;
      },
      60_000,
      'the verification to finish',
    );
    expect(batch.summary?.failures.map((f) => f.email)).toEqual([badCredentials.target]);
    expect(batch.summary?.failures[0]?.error).toMatch(/401/);

    // Pre-stage: the verify pass is the preflight; it blocks, an admin overrides, the tenant's policy asks
    // for approval, and the pass goes out once approved.
    const blocked = await ask('batch prestage Merge1');
    expect(blocked.text + cardText(blocked.card)).toMatch(/preflight|verif/i);
    expect(passCalls(simulator.calls()).filter((p) => p.type === 'Prestage')).toHaveLength(0);
    const overridden = await ask(
      'batch prestage Merge1 --override "Lars fixes his password later; the others go ahead"',
    );
    expect(overridden.text).toMatch(/Asked for approval/);
    await approveLatest(overridden.mark);
    batch = await stateIs('Synced', 'SyncedWithErrors');
    expect(batch.passes?.done).toEqual(expect.arrayContaining(['verify', 'prestage']));
    const synced = await eventually(
      () => connector.calls.find((c) => /pre-stage pass is done/.test(String(c.body.text))),
      10_000,
      'the pre-stage milestone',
    );
    expect(String(synced.body.text)).toMatch(/MX record/);

    // The full pass is refused while the runbook's MX switch is open, and nothing is sent; an operator who
    // is not an admin cannot override that (the attempt is audited).
    const refused = await ask('batch pass Merge1');
    expect(refused.text + cardText(refused.card)).toMatch(/Point the MX record at the target tenant/);
    const mark = connector.calls.length;
    await say('batch pass Merge1 --override "the MX record is switched already"', USERS.adele);
    const notAdmin = await eventually(
      () => connector.calls.slice(mark).find((c) => c.kind === 'reply' && c.body.type === 'message'),
      10_000,
      "the operator's override answer",
    );
    expect(String(notAdmin.body.text) + cardText(cardOf(notAdmin.body))).toMatch(/admin/i);
    expect(passCalls(simulator.calls()).filter((p) => p.type === 'Full')).toHaveLength(0);
    expect((await batchOf())?.pending).toBeUndefined();

    // Check the MX switch off in the runbook, then the full pass (approved) runs.
    const checked = await invoke('runbook.check', {
      tenantId: 'contoso',
      runbookId: 'tenant-to-tenant',
      stepId: 'switch-mx',
      done: true,
      version: 0,
    });
    expect((checked.body as { statusCode: number }).statusCode).toBe(200);
    const full = await ask('batch pass Merge1');
    expect(full.text).toMatch(/Asked for approval/);
    await approveLatest(full.mark);
    batch = await stateIs('CompletedWithErrors', 'Completed');

    // The user card of the item with errors shows its passes and its statistics by item type.
    const userCard = await invoke('user.status', { email: itemErrors.target, batchId: batch.id });
    const card = (userCard.body as { value: Record<string, unknown> }).value;
    expectValidCard(card);
    expect(cardText(card)).toMatch(/Full \(delta\) · Completed with errors/);
    expect(cardText(card)).toMatch(/Calendar/);

    // Retry errors: a Repair for that item only.
    await ask('batch retry-errors Merge1');
    await eventually(
      () => passCalls(simulator.calls()).some((p) => p.type === 'Repair'),
      30_000,
      'the repair pass',
    );
    batch = await stateIs('CompletedWithErrors', 'Completed');

    // The engine got each pass once per item, in the seed's order.
    const passes = passCalls(simulator.calls());
    const itemIds = [...new Set(passes.map((p) => p.item))];
    expect(itemIds).toHaveLength(mailboxes.length);
    for (const type of ['Verification', 'Prestage', 'Full']) {
      const of = passes.filter((p) => p.type === type).map((p) => p.item);
      expect(of.length, type).toBe(new Set(of).size);
    }
    expect(passes.filter((p) => p.type === 'Verification')).toHaveLength(mailboxes.length);
    expect(passes.filter((p) => p.type === 'Repair')).toHaveLength(1);
    const order = passes.map((p) => p.type).filter((t, i, all) => i === 0 || all[i - 1] !== t);
    expect(order).toEqual(['Verification', 'Prestage', 'Full', 'Repair']);

    // Every user whose full pass went through is told how to rebuild Outlook; the failed one is not.
    const notices = await eventually(
      async () => {
        const all = (await readAll(repos().notices, { pk: batch.id })).filter((n) => n.kind === 'reset');
        return all.length >= mailboxes.length - 1 ? all : undefined;
      },
      30_000,
      'reset notices',
    );
    expect(notices.map((n) => n.email)).not.toContain(badCredentials.target);

    // The batch card says what ran and offers no cutover (the full pass was it).
    const refresh = await invoke('batch.refresh', { batchId: batch.id, version: (await batchOf())!.version });
    const batchCard = (refresh.body as { value: Record<string, unknown> }).value;
    expectValidCard(batchCard);
    expect(cardText(batchCard)).toMatch(/Passes done/);
    expect(cardActions(batchCard).map((a) => a.verb)).not.toContain('batch.cutover');

    // The audit names the override and each pass.
    const audit = (await readAll(repos().audit, { pk: batch.id })).map((a) => `${a.action}:${a.outcome}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'preflight.override:done',
        'pass.override:refused',
        'verify:done',
        'pass:done',
      ]),
    );
  }, 180_000);

  it('waits out a throttled or busy engine: each item still gets its pass once', async () => {
    const mailboxes = (await mergerMailboxes(simulator.url)).filter((m) => !m.defect).slice(0, 3);
    const csv = ['SourceEmail,TargetEmail', ...mailboxes.map((m) => `${m.source},${m.target}`)].join('\n');
    await ask(`batch create Busy1 --tenant contoso --scenario third-party\n${csv}`);
    await eventually(
      async () => (await repos().batches.read('contoso', 'contoso~busy1'))?.state === 'Created',
      30_000,
      'Busy1 created',
    );
    const before = passCalls(simulator.calls()).length;
    simulator.faults.mwzThrottle(2, 1);
    simulator.faults.mwzServerErrors(1);
    await ask('batch verify Busy1');
    const batch = await eventually(
      async () => {
        const b = await repos().batches.read('contoso', 'contoso~busy1');
        return b && !b.pending && b.passes?.done.includes('verify') ? b : undefined;
      },
      60_000,
      'Busy1 verified',
    );
    expect(batch.lastError).toBeUndefined();
    expect(batch.summary?.counts).toEqual({ Verified: 3 });
    const refused = simulator.calls().filter((c) => c.cmdlet.startsWith('MigrationWiz:') && c.status >= 500);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    const verified = passCalls(simulator.calls()).slice(before);
    expect(verified.map((p) => p.type)).toEqual(['Verification', 'Verification', 'Verification']);
    expect(new Set(verified.map((p) => p.item)).size).toBe(3);
  }, 90_000);
});

describe('engine faults on a move in passes', () => {
  let stack: Stack;
  const saved = process.env.MIGRATIONWIZ_DEMO_PASSWORD;

  beforeAll(async () => {
    // The MigrationWiz account's password is wrong: every call is refused at sign-in.
    process.env.MIGRATIONWIZ_DEMO_PASSWORD = 'not-the-password';
    stack = await startStack({ speed: 20_000 });
  });
  afterAll(async () => {
    process.env.MIGRATIONWIZ_DEMO_PASSWORD = saved;
    await stack?.close();
  });

  it('a refused sign-in shows on the card in MigrationWiz words, and nothing is half made', async () => {
    const [first] = await mergerMailboxes(stack.simulator.url);
    const mark = stack.connector.calls.length;
    await postActivity(
      stack.bot.url,
      makeMessage({
        text: `batch create Locked --tenant contoso --scenario third-party\nSourceEmail,TargetEmail\n${first!.source},${first!.target}`,
        from: USERS.alex,
        serviceUrl: stack.connector.url,
      }),
    );
    const batch = await eventually(
      async () => {
        const b = await stack.bot.services.ctx.repos.batches.read('contoso', 'contoso~locked');
        return b?.state === 'CreateFailed' ? b : undefined;
      },
      30_000,
      'the create to fail',
    );
    expect(batch.lastError?.message).toMatch(/password|credential|sign/i);
    expect(batch.lastError?.message).not.toContain('not-the-password');
    const post = await eventually(
      () =>
        stack.connector.calls
          .slice(mark)
          .find((c) => /MigrationWiz refused to create \*\*Locked\*\*/.test(String(c.body.text))),
      10_000,
      'the refusal in the batch conversation',
    );
    expect(String(post.body.text)).toContain(batch.lastError!.message);
    const card = await eventually(
      () =>
        stack.connector.calls
          .slice(mark)
          .filter((c) => c.kind === 'update')
          .map((c) => cardOf(c.body))
          .find((c) => /CreateFailed/.test(cardText(c))),
      10_000,
      'the card to show CreateFailed',
    );
    expectValidCard(card);
    expect(stack.simulator.calls({ cmdlet: 'MigrationWiz:Create:MailboxConnector' })).toHaveLength(0);
  });
});
