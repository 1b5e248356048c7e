import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { readAll } from '../../services/store/document-store';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardText, eventually, type startTestCutover } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { chatWith } from '../support/chat';
import { type Stack, startStack } from '../support/stack';

type Capture = Awaited<ReturnType<typeof startConnectorCapture>>;
type Bot = Awaited<ReturnType<typeof startTestCutover>>;

const TENANT = 'northwind-graph';

describe('a cross-tenant migration on Microsoft Graph migration jobs, end to end over HTTP', () => {
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
  const batchOf = (name: string) => repos().batches.read(TENANT, `${TENANT}~${name.toLowerCase()}`);
  const jobCalls = (cmdlet: string) => simulator.calls({ cmdlet }).filter((c) => c.status < 300);
  const { invoke, ask, approveLatest } = chatWith({
    get bot() {
      return bot;
    },
    get connector() {
      return connector;
    },
  });
  const stateOf = (name: string, ...states: string[]) =>
    eventually(
      async () => {
        const batch = await batchOf(name);
        return batch && !batch.pending && states.includes(batch.state) ? batch : undefined;
      },
      60_000,
      `${name} to be ${states.join(' or ')}`,
    );

  it('creates, validates, migrates and cuts over with approvals, each job action once', async () => {
    const emails = await northwindUsers(simulator.url, 4);
    await ask(
      `batch create G1 --tenant ${TENANT} --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    let batch = await stateOf('G1', 'Created');
    expect(batch.capabilities).toMatchObject({ validation: true, resumeAfterStop: false });

    // Start: the preflight (Cutover's checks and the job's validation) passes; approval; migrate.
    const start = await ask('batch start G1');
    await approveLatest(start.mark);
    batch = await stateOf('G1', 'Synced', 'SyncedWithErrors');

    // A status sync with nothing changed writes nothing: the batch and its users keep their ETags.
    await bot.services.jobs.syncAll();
    const before = await repos().batches.read(TENANT, batch.id);
    const usersBefore = (await readAll(repos().batchUsers, { pk: batch.id })).map((u) => u._etag);
    await bot.services.jobs.syncAll();
    await bot.services.jobs.syncAll();
    expect((await repos().batches.read(TENANT, batch.id))?._etag).toBe(before?._etag);
    expect((await readAll(repos().batchUsers, { pk: batch.id })).map((u) => u._etag)).toEqual(usersBefore);

    // The user card shows each workload of the job.
    const userAnswer = await invoke('user.status', { email: emails[0], batchId: batch.id });
    const userCard = (userAnswer.body as { value: Record<string, unknown> }).value;
    expectValidCard(userCard);
    expect(cardText(userCard)).toMatch(/Workloads/);
    expect(cardText(userCard)).toMatch(/Exchange/);
    expect(cardText(userCard)).toMatch(/OneDrive/);

    // Cut over from the card: confirmation, approval, then the completion time moved to now.
    const refresh = await invoke('batch.refresh', { batchId: batch.id, version: batch.version });
    const synced = (refresh.body as { value: Record<string, unknown> }).value;
    const cutover = cardActions(synced).find((a) => a.verb === 'batch.cutover')!;
    const confirmAnswer = await invoke('batch.cutover', cutover.data);
    const confirmCard = (confirmAnswer.body as { value: Record<string, unknown> }).value;
    const confirm = cardActions(confirmCard).find((a) => a.verb === 'batch.confirm')!;
    const mark = connector.calls.length;
    await invoke('batch.confirm', confirm.data);
    await approveLatest(mark);
    batch = await stateOf('G1', 'Completed');
    expect(batch.summary?.counts.Completed).toBe(4);

    for (const cmdlet of [
      'Graph:POST crossTenantMigrationJobs',
      'Graph:POST crossTenantMigrationJobs/validate',
      'Graph:POST crossTenantMigrationJobs/migrate',
      'Graph:PATCH crossTenantMigrationJobs',
    ]) {
      expect(jobCalls(cmdlet), cmdlet).toHaveLength(1);
    }
    const created = jobCalls('Graph:POST crossTenantMigrationJobs')[0]!;
    expect(JSON.stringify(created.parameters)).toMatch(/G1/);

    // Users whose mailbox moved are told how to reset Outlook.
    await eventually(
      async () =>
        (await readAll(repos().notices, { pk: batch.id })).filter((n) => n.kind === 'reset').length === 4,
      30_000,
      'four reset notices',
    );
  }, 180_000);

  it("marks exactly the seeded defects invalid with the job's codes and fixes; the start waits for an override", async () => {
    const defects = (await (await fetch(`${simulator.url}/_simulator/defects`)).json()) as {
      tenant: string;
      email: string;
      defect: string;
    }[];
    const x500 = defects.find((d) => d.tenant === 'northwindtraders' && d.defect === 'missing-x500')!;
    const clean = (await northwindUsers(simulator.url, 12)).slice(8, 10);
    const csv = ['EmailAddress', ...clean, x500.email].join('\n');
    await ask(`batch create G2 --tenant ${TENANT} --scenario cross-tenant\n${csv}`);
    const batch = await stateOf('G2', 'Created');

    const blocked = await ask('batch start G2');
    expect(blocked.text + cardText(blocked.card)).toMatch(/preflight|readiness/i);
    const report = await eventually(
      async () => {
        const r = await repos().preflight.read(batch.id, batch.id);
        return r?.state === 'done' ? r : undefined;
      },
      60_000,
      'the preflight report',
    );
    const failing = report.users.filter((u) => u.status === 'fail');
    expect(failing.map((u) => u.email)).toEqual([x500.email]);
    const engine = failing[0]!.findings.filter((f) => f.check === 'engine-validation');
    expect(engine.length).toBeGreaterThan(0);
    expect(engine[0]!.message).toMatch(/CTM-101/);
    expect(engine[0]!.fix).not.toBe('');
    expect(jobCalls('Graph:POST crossTenantMigrationJobs/migrate')).toHaveLength(1); // G1's only

    const overridden = await ask(
      'batch start G2 --override "x500 added by hand in the target, checked twice"',
    );
    await approveLatest(overridden.mark);
    await eventually(
      () => jobCalls('Graph:POST crossTenantMigrationJobs/migrate').length === 2,
      30_000,
      'the migrate of G2',
    );
    const audit = (await readAll(repos().audit, { pk: batch.id })).map((a) => `${a.action}:${a.outcome}`);
    expect(audit).toContain('preflight.override:done');
  }, 180_000);
});
