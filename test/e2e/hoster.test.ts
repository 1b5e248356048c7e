import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardActions, cardOf, cardText, eventually, latestApprovalCard } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';

/**
 * Seed 000 over HTTP: a hoster's customers (one tenant each, fed from one forest) migrate at the same
 * time; the portfolio shows them; a customer's people see and touch nothing of another's, forged card
 * data included; one tenant's throttling leaves the others' pace alone.
 */
interface Customer {
  tenant: string;
  batch: string;
  operator: DemoUser;
  approver: DemoUser;
  users: string[];
}

describe("the hoster's customers, end to end over HTTP (seed 000)", () => {
  let stack: Stack;
  let customers: Customer[];
  const alpine = () => customers[0]!;
  const coho = () => customers[1]!;
  const wideworld = () => customers[2]!;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    const listing = (await (await fetch(`${stack.simulator.url}/_simulator/tenants`)).json()) as {
      name: string;
      recipients: { email: string }[];
    }[];
    const usersOf = (name: string) =>
      listing
        .find((t) => t.name === name)!
        .recipients.slice(0, 3)
        .map((r) => r.email);
    customers = [
      { tenant: 'alpineskihouse', batch: 'A1', operator: USERS.diego, approver: USERS.lynne },
      { tenant: 'cohowinery', batch: 'C1', operator: USERS.grady, approver: USERS.johanna },
      { tenant: 'wideworldimporters', batch: 'W1', operator: USERS.nestor, approver: USERS.pradeep },
    ].map((c) => ({ ...c, users: usersOf(c.tenant) }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const ctx = () => stack.bot.services.ctx;
  const batchOf = (c: Customer) => ctx().repos.batches.read(c.tenant, `${c.tenant}~${c.batch.toLowerCase()}`);

  async function say(text: string, from: DemoUser): Promise<Record<string, unknown>> {
    const message = makeMessage({ text, from, serviceUrl: stack.connector.url });
    await postActivity(stack.bot.url, message);
    const reply = await eventually(
      () => stack.connector.calls.find((c) => c.kind === 'reply' && c.activityId === message.id),
      10_000,
      `a reply to "${text.split('\n')[0]}"`,
    );
    return reply.body;
  }

  async function invoke(verb: string, data: unknown, from: DemoUser) {
    const posted = await postActivity(
      stack.bot.url,
      makeInvoke({ verb, data, from, serviceUrl: stack.connector.url }),
    );
    return posted.body as { statusCode: number; type?: string; value?: Record<string, unknown> };
  }

  it('runs batches in three customer tenants at once, each started by its own operator and approver', async () => {
    await Promise.all(
      customers.map((c) =>
        say(
          `batch create ${c.batch} --tenant ${c.tenant} --scenario hybrid\nEmailAddress\n${c.users.join('\n')}`,
          c.operator,
        ),
      ),
    );
    await eventually(
      async () => (await Promise.all(customers.map(batchOf))).every((b) => b?.state === 'Created'),
      20_000,
      'three batches created in Exchange',
    );
    for (const c of customers) {
      const mark = stack.connector.calls.length;
      await say(`batch start ${c.batch} --tenant ${c.tenant}`, c.operator);
      const approval = await eventually(
        () => latestApprovalCard(stack.connector.calls.slice(mark)),
        20_000,
        `the start approval of ${c.batch}`,
      );
      const decided = await invoke('approval.approve', approval.approve, c.approver);
      expect(cardText(decided.value)).toContain(`Approved by ${c.approver.name}`);
    }
    await eventually(
      async () => (await Promise.all(customers.map(batchOf))).every((b) => b?.state === 'Synced'),
      40_000,
      'three batches synced',
    );
    // Each batch went to its own tenant, on its own endpoint.
    const created = stack.simulator.calls({ cmdlet: 'New-MigrationBatch' });
    expect(
      created
        .filter((c) => c.status === 200)
        .map((c) => [c.tenant, c.parameters.SourceEndpoint])
        .sort(),
    ).toEqual([
      ['alpineskihouse.onmicrosoft.com', 'AlpineSkiHouse-Hybrid'],
      ['cohowinery.onmicrosoft.com', 'CohoWinery-Hybrid'],
      ['wideworldimporters.onmicrosoft.com', 'WideWorldImporters-Hybrid'],
    ]);
  }, 120_000);

  it('portfolio shows every customer to the hoster, worst first, and only its own tenant to a customer', async () => {
    // Coho's cutover waits for approval: it is the worst problem among the customers.
    const c = coho();
    const batch = (await batchOf(c))!;
    const confirm = await invoke(
      'batch.confirm',
      { batchId: batch.id, version: batch.version, action: 'cutover' },
      c.operator,
    );
    expect(confirm.statusCode).toBe(200);
    await eventually(
      async () => (await batchOf(c))?.awaiting?.action === 'cutover',
      10_000,
      'the cutover approval',
    );

    const reply = await say('portfolio', USERS.alex);
    const card = cardOf(reply);
    expectValidCard(card);
    const text = cardText(card);
    const names = ['Coho Winery', 'Alpine Ski House', 'Wide World Importers', 'Proseware'];
    const order = names.map((n) => text.indexOf(n));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order.slice(0, 2)).toEqual([...order.slice(0, 2)].sort((a, b) => a - b));
    expect(text).toContain('1 batch: 1 Synced');
    expect(text).toContain('0 of 3 users moved · 1 approval waiting');
    expect(text).toContain('1 approval waiting');
    expect(text).toContain('No batches yet');
    const lines = await ctx().repos.batches.query({ where: { tenantId: ['cohowinery'] } });
    expect(lines.items).toHaveLength(1);

    // The Batches button of a line opens that tenant's batches.
    const open = cardActions(card).find(
      (a) => a.verb === 'portfolio.tenant' && a.data.tenantId === 'cohowinery',
    )!;
    const batches = await invoke('portfolio.tenant', open.data, USERS.alex);
    expect(cardText(batches.value)).toContain('C1');
    expect(cardText(batches.value)).not.toContain('A1');

    // The filter buttons: only Coho waits on an approval.
    const filtered = await invoke('portfolio.page', { page: 1, state: 'approval' }, USERS.alex);
    expectValidCard(filtered.value!);
    expect(cardText(filtered.value)).toContain('Coho Winery');
    expect(cardText(filtered.value)).not.toContain('Alpine Ski House');

    // A customer's operator sees their own tenant only.
    const own = cardText(cardOf(await say('portfolio', alpine().operator)));
    expect(own).toContain('Alpine Ski House');
    for (const other of ['Coho Winery', 'Wide World Importers', 'Proseware', 'Northwind', 'Fabrikam'])
      expect(own).not.toContain(other);
  }, 60_000);

  it("a customer's operator or approver cannot see or act on another customer's batches, forged card data included", async () => {
    const snapshot = async () => {
      const r = ctx().repos;
      const parts = await Promise.all(
        [r.batches, r.intents, r.approvals, r.audit, r.preflight].map((c) => readAll(c as never, {})),
      );
      // Sync writes users and summaries as Exchange moves on: compare what a person could change.
      return JSON.stringify(
        parts.map((docs) =>
          (docs as unknown as Record<string, unknown>[]).map(
            ({ _etag, summary, updatedAt, userCount, ...rest }) => rest,
          ),
        ),
      );
    };
    const c = coho();
    const batch = (await batchOf(c))!;
    const approval = (
      await readAll(ctx().repos.approvals, { where: { batchId: batch.id, status: 'pending' } })
    )[0]!;
    const before = await snapshot();
    const intruder = alpine().operator;
    const forged: [string, unknown][] = [
      ['batch.refresh', { batchId: batch.id, version: batch.version }],
      ['batch.users', { batchId: batch.id, page: 1 }],
      ['batch.stop', { batchId: batch.id, version: batch.version }],
      ['batch.remove', { batchId: batch.id, version: batch.version }],
      ['batch.confirm', { batchId: batch.id, version: batch.version, action: 'remove' }],
      ['audit.page', { batchId: batch.id, page: 1 }],
      ['approval.approve', { approvalId: approval.id, batchId: batch.id, version: approval.batchVersion }],
      ['approval.reject', { approvalId: approval.id, batchId: batch.id, version: approval.batchVersion }],
      ['portfolio.tenant', { tenantId: c.tenant }],
      ['runbook.show', { tenantId: c.tenant, runbookId: 'hybrid-onboarding' }],
    ];
    for (const [verb, data] of forged) {
      const answer = await invoke(verb, data, intruder);
      expect([verb, cardText(answer.value).split('\n')[0]]).toEqual([verb, 'Not allowed']);
      expect(cardText(answer.value)).not.toContain('C1');
    }
    // Alpine's approver cannot decide Coho's approval either.
    const decided = await invoke(
      'approval.approve',
      { approvalId: approval.id, batchId: batch.id, version: approval.batchVersion },
      alpine().approver,
    );
    expect(cardText(decided.value).split('\n')[0]).toBe('Not allowed');
    for (const text of [
      `batch status C1 --tenant ${c.tenant}`,
      `batch list --tenant ${c.tenant}`,
      `batch stop C1 --tenant ${c.tenant}`,
      'batch status C1',
    ]) {
      const answer = cardText(cardOf(await say(text, intruder)));
      expect(answer).not.toContain('Synced');
      expect(answer).toMatch(/Not allowed|no batch|not found|No batch/i);
    }
    expect(await snapshot()).toBe(before);
    expect(stack.simulator.calls({ cmdlet: 'Stop-MigrationBatch' })).toEqual([]);
    expect(stack.simulator.calls({ cmdlet: 'Remove-MigrationBatch' })).toEqual([]);
  }, 60_000);

  it("preflight names the user synchronized into another customer's tenant, and Proseware's silent endpoint", async () => {
    const world = (await (await fetch(`${stack.simulator.url}/_simulator/hoster`)).json()) as {
      defects: { kind: string; tenant: string; email?: string }[];
    };
    const wrong = world.defects.find((d) => d.kind === 'synchronized-into-wrong-tenant')!.email!;
    const good = alpine().users[0]!;
    const listing = (await (
      await fetch(`${stack.simulator.url}/_simulator/tenants?tenant=proseware`)
    ).json()) as {
      recipients: { email: string }[];
    }[];
    const prosewareUser = listing[0]!.recipients[0]!.email;
    const reportOf = async (tenant: string, name: string) => {
      await say(
        `batch create ${name} --tenant ${tenant} --scenario hybrid\nEmailAddress\n${name === 'A2' ? `${good}\n${wrong}` : prosewareUser}`,
        USERS.alex,
      );
      await eventually(
        async () =>
          (await ctx().repos.batches.read(tenant, `${tenant}~${name.toLowerCase()}`))?.state === 'Created',
        20_000,
        `${name} created`,
      );
      await say(`batch preflight ${name} --tenant ${tenant}`, USERS.alex);
      return eventually(
        async () =>
          (
            await readAll(ctx().repos.preflight, { where: { batchId: `${tenant}~${name.toLowerCase()}` } })
          ).find((r) => r.state === 'done'),
        20_000,
        `the preflight of ${name}`,
      );
    };
    const alpineReport = await reportOf('alpineskihouse', 'A2');
    expect(alpineReport.users.map((u) => [u.email, u.findings.map((f) => [f.check, f.status])])).toEqual([
      [wrong, [['sync-scope', 'fail']]],
    ]);
    expect(alpineReport.users[0]!.findings[0]!.message).toContain(
      "Coho Winery (hoster customer, hybrid)'s OU",
    );
    expect(alpineReport.batchFindings).toEqual([]);
    const prosewareReport = await reportOf('proseware', 'P1');
    expect(prosewareReport.users).toEqual([]);
    expect(prosewareReport.batchFindings.map((f) => [f.check, f.status])).toEqual([['endpoint', 'fail']]);
    expect(prosewareReport.batchFindings[0]!.message).toMatch(/Proseware-Hybrid did not answer/);
  }, 60_000);

  it("one tenant's 429s leave the others' sync pace unchanged, and their actions run while it waits", async () => {
    const windowMs = 3_000;
    const okSyncs = (tenant: string, from: number, to: number) =>
      stack.simulator
        .calls({ cmdlet: 'Get-MigrationBatch', tenant: `${tenant}.onmicrosoft.com` })
        .filter((call) => call.status === 200 && Date.parse(call.at) >= from && Date.parse(call.at) < to)
        .length;

    const baselineStart = Date.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const baselineEnd = Date.now();
    const response = await fetch(`${stack.simulator.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantThrottle: { tenant: 'alpineskihouse', seconds: 8, retryAfterSeconds: 2 },
      }),
    });
    expect(response.status).toBe(200);
    const throttledStart = Date.now();
    // Alpine's operator removes its batch: the removal's calls wait out Alpine's Retry-After.
    const removeOf = async (c: Customer) => {
      const batch = (await batchOf(c))!;
      const answer = await invoke(
        'batch.confirm',
        { batchId: batch.id, version: batch.version, action: 'remove' },
        c.operator,
      );
      expect(answer.statusCode).toBe(200);
    };
    await removeOf(alpine());
    await eventually(
      () =>
        stack.simulator
          .calls({ tenant: 'alpineskihouse.onmicrosoft.com' })
          .some((call) => call.status === 429 && Date.parse(call.at) >= throttledStart),
      5_000,
      "Alpine's calls to be throttled",
    );
    // Meanwhile Wide World's operator removes theirs: it reaches Exchange at once.
    const asked = Date.now();
    await removeOf(wideworld());
    const stopped = await eventually(
      () =>
        stack.simulator
          .calls({ cmdlet: 'Remove-MigrationBatch', tenant: 'wideworldimporters.onmicrosoft.com' })
          .find((call) => call.status === 200),
      10_000,
      "Wide World's removal",
    );
    const wideworldStopMs = Date.parse(stopped.at) - asked;
    await new Promise((r) => setTimeout(r, Math.max(0, throttledStart + windowMs - Date.now())));
    const throttledEnd = Date.now();

    const pace = (tenant: string) => ({
      before: okSyncs(tenant, baselineStart, baselineEnd),
      during: okSyncs(tenant, throttledStart, throttledEnd),
    });
    const cohoPace = pace('cohowinery');
    const alpinePace = pace('alpineskihouse');
    const alpineRefused = stack.simulator
      .calls({ tenant: 'alpineskihouse.onmicrosoft.com' })
      .filter((call) => call.status === 429 && Date.parse(call.at) >= throttledStart).length;
    const alpineStop = stack.simulator
      .calls({ cmdlet: 'Remove-MigrationBatch', tenant: 'alpineskihouse.onmicrosoft.com' })
      .map((call) => call.status);
    console.info(
      `per-tenant throttling: Coho syncs ${cohoPace.before} before / ${cohoPace.during} during ${windowMs} ms; ` +
        `Alpine ${alpinePace.before} / ${alpinePace.during} (${alpineRefused} answered 429); ` +
        `Wide World's removal reached Exchange ${wideworldStopMs} ms after it was asked (Alpine's removal: ${alpineStop.join(', ') || 'not sent yet'})`,
    );
    // Alpine is throttled: nothing of it got through, its removal has had only 429s so far.
    expect(alpinePace.before).toBeGreaterThan(0);
    expect(alpinePace.during).toBe(0);
    expect(alpineRefused).toBeGreaterThan(0);
    expect(alpineStop.every((s) => s === 429)).toBe(true);
    // Coho's pace is unchanged within a tolerance; Wide World's removal did not wait for Alpine's.
    expect(cohoPace.before).toBeGreaterThanOrEqual(4);
    expect(cohoPace.during).toBeGreaterThanOrEqual(Math.floor(cohoPace.before * 0.6));
    expect(wideworldStopMs).toBeLessThan(1_500);
  }, 60_000);
});
