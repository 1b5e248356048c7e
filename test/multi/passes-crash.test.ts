import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorCall } from '../../simulator';
import type { Batch, PassAction } from '../../services/model/batch';
import type { Intent } from '../../services/model/intent';
import { readAll, type Stored } from '../../services/store/document-store';
import { cardText, eventually } from '../support/cutover';
import { batchIdOf, batchWhen, readBatch } from './batch-steps';
import { type Cluster, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

/** Contoso on MigrationWiz (seed 002) with no approvals, no notices and every item migrating at once. */
const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.passes.json');
const ENGINE_ENV = { MIGRATIONWIZ_DEMO_PASSWORD: 'local-simulator' };
const WORKGROUP_ID = '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31';
/** Every MigrationWiz request takes this long while a pass is submitted, so a kill lands between them. */
const LATENCY_MS = 1000;
/** After the answer that sets the kill off, the next request has left the instance by this time. */
const GAP_MS = 350;
const CREATE = 'MigrationWiz:Create:MailboxMigration';
/** Whether the batch shows the pass of this command over (a repair runs only where items had errors). */
const PASS_OVER: Record<PassAction, (batch: Batch) => boolean> = {
  verify: (b) => b.passes?.done.includes('verify') === true,
  prestage: (b) => b.passes?.done.includes('prestage') === true,
  pass: (b) => b.passes?.done.includes('full') === true,
  'retry-errors': (b) =>
    b.passes?.current === undefined && ['Completed', 'CompletedWithErrors'].includes(b.state),
};

type Entity = { Type: string; MailboxId: string; ItemEndDate?: string };

/** The pass action a created MailboxMigration stands for. */
function actionOf(e: Entity): PassAction {
  if (e.Type === 'Verification') return 'verify';
  if (e.Type === 'Repair') return 'retry-errors';
  return e.ItemEndDate ? 'prestage' : 'pass';
}

/**
 * What the instance running the intent is killed GAP_MS after: the answer to the pass's first
 * CreateRequest (the next one is then on its way), the answer to its look-up of the passes submitted
 * since the intent (its CreateRequest is then on its way), or the intent's claim (its first engine
 * request, long before any CreateRequest, is then on its way).
 */
type KillPoint = 'first-create-answered' | 'recent-passes-answered' | 'intent-claimed';

describe('SIGKILL during each MigrationWiz pass submission, then a restart', () => {
  let cluster: Cluster;
  let bot: BotProcess;
  let instances = 0;
  let itemErrors: { source: string; target: string };

  beforeAll(async () => {
    cluster = await startCluster({ tenantsFile: TENANTS_FILE, mwzExtraMailboxes: 400 });
    const listing = (await (await fetch(`${cluster.simulator.url}/_simulator/migrationwiz`)).json()) as {
      workgroups: { id: string; mailboxes: { source: string; target: string; defect?: string }[] }[];
    };
    const mailboxes = listing.workgroups.find((w) => w.id === WORKGROUP_ID)!.mailboxes;
    itemErrors = mailboxes.find((m) => m.defect === 'item-errors')!;
    bot = await startInstance();
  }, 60_000);
  afterAll(async () => {
    cluster?.simulator.faults.latency(0);
    await cluster?.close();
  });

  const startInstance = () => cluster.start(`instance-${++instances}`, ENGINE_ENV);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Polls every few milliseconds (eventually() polls every 100 ms, too slow to place a kill). */
  async function soon<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  }

  const callsSince = (since: number, cmdlet: string): SimulatorCall[] =>
    cluster.simulator.calls({ cmdlet }).filter((c) => Date.parse(c.at) >= since);

  /** The MigrationWiz passes of one kind the engine took (answered 200) from requests that arrived since. */
  const passesSince = (since: number, action: PassAction) =>
    callsSince(since, CREATE)
      .filter((c) => c.status === 200)
      .flatMap((c) => (c.parameters.entities as Entity[]) ?? [])
      .filter((e) => actionOf(e) === action)
      .map((e) => e.MailboxId);

  const intentsOf = (batchId: string, action: PassAction) =>
    readAll(cluster.repos.intents, { pk: batchId, where: { action } });

  async function createBatch(name: string, pairs: { source: string; target: string }[]) {
    const csv = ['SourceEmail,TargetEmail', ...pairs.map((p) => `${p.source},${p.target}`)].join('\n');
    const answer = await cluster.say(
      bot,
      `batch create ${name} --tenant contoso --scenario third-party\n${csv}`,
    );
    expect(answer.status).toBe(200);
    const id = batchIdOf('contoso', name);
    await batchWhen(cluster, id, (b) => b.state === 'Created' && !b.pending, 60_000, `${name} created`);
    return id;
  }

  /**
   * Asks for the pass like a user; a request that met the status sync's write of the batch is refused as
   * "changed at the same moment", and asked again. Resolves with the intent once it is recorded.
   */
  async function request(name: string, batchId: string, action: PassAction) {
    const replies: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const mark = cluster.connector.calls.length;
      await cluster.say(bot, `batch ${action} ${name}`);
      try {
        return await eventually(
          async () => (await intentsOf(batchId, action))[0],
          8000,
          `the ${action} intent`,
        );
      } catch {
        const answers = cluster.connector.calls.slice(mark).filter((c) => c.body.type === 'message');
        replies.push(
          ...answers.map((c) => `${c.body.text ?? ''} ${cardText(c.body.attachments ?? [])}`.trim()),
        );
      }
    }
    throw new Error(`no ${action} intent for ${name}; the bot answered: ${replies.join('\n')}`);
  }

  async function killAt(point: KillPoint, since: number, intent: Stored<Intent>) {
    if (point === 'first-create-answered') await soon(() => callsSince(since, CREATE).length > 0, 'a create');
    if (point === 'recent-passes-answered')
      await soon(
        () =>
          callsSince(since, 'MigrationWiz:Retrieve:MailboxMigration').some((c) =>
            (c.parameters.condition as { Property: string; Value: string }[]).some(
              (f) => f.Property === 'CreateDate' && f.Value === intent.requestedAt,
            ),
          ),
        'the look-up of the passes submitted since the intent',
      );
    if (point === 'intent-claimed')
      await soon(
        async () => (await cluster.repos.intents.read(intent.pk, intent.id))?.status === 'running',
        'the claim',
      );
    await sleep(GAP_MS);
    await bot.kill('SIGKILL');
    // A request already on its way is carried out by the engine all the same; let it land.
    await sleep(LATENCY_MS + 500);
    cluster.simulator.faults.latency(0);
  }

  /**
   * Runs one pass with the instance SIGKILLed at `point`, starts a new instance, and checks the pass went
   * to each of `items` exactly once. `before` says how many items the killed instance submitted.
   */
  async function crashAndRestart(
    name: string,
    action: PassAction,
    point: KillPoint,
    items: number | string[],
    before: (submitted: number, total: number) => void,
  ) {
    const batchId = batchIdOf('contoso', name);
    const since = Date.now();
    cluster.simulator.faults.latency(LATENCY_MS);
    const intent = await request(name, batchId, action);
    await killAt(point, since, intent);

    const submittedBefore = passesSince(since, action);
    const total = typeof items === 'number' ? items : items.length;
    before(submittedBefore.length, total);
    expect(new Set(submittedBefore).size).toBe(submittedBefore.length);
    const stranded = await cluster.repos.intents.read(batchId, intent.id);
    expect(stranded?.status).toBe('running');
    expect((await readBatch(cluster, batchId))?.pending?.intentId).toBe(intent.id);

    const restartedAt = Date.now();
    bot = await startInstance();
    const done = await eventually(
      async () => {
        const current = await cluster.repos.intents.read(batchId, intent.id);
        return current?.status === 'done' ? current : current?.status === 'failed' ? current : undefined;
      },
      60_000,
      `the ${action} intent of ${name} to finish`,
    );
    expect(done.status).toBe('done');
    const batch = await batchWhen(
      cluster,
      batchId,
      (b) => !b.pending && PASS_OVER[action](b),
      60_000,
      `${name}'s ${action} pass over`,
    );
    expect(batch.pending).toBeUndefined();
    // The pass is submitted only by its intent, which is done: nothing more of this kind can come.
    const submitted = passesSince(since, action);
    expect(submitted).toHaveLength(total);
    expect(new Set(submitted).size).toBe(total);
    if (Array.isArray(items)) expect(new Set(submitted)).toEqual(new Set(items));
    expect(await intentsOf(batchId, action)).toHaveLength(1);
    const audit = await readAll(cluster.repos.audit, { pk: batchId });
    expect(audit.filter((e) => e.action === action && e.outcome === 'done')).toHaveLength(1);
    console.log(
      `[multi] ${name} ${action}: killed after ${point}, ${submittedBefore.length} of ${total} submitted before the kill, ${submitted.length - submittedBefore.length} after the restart; done ${Date.now() - restartedAt} ms after the restart began`,
    );
    return submitted;
  }

  const mid = (submitted: number, total: number) => {
    expect(submitted).toBeGreaterThan(0);
    expect(submitted).toBeLessThan(total);
  };
  const all = (submitted: number, total: number) => expect(submitted).toBe(total);
  const none = (submitted: number) => expect(submitted).toBe(0);

  const bulk = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({
      source: `bulk${from + i}@fabrikam.com`,
      target: `bulk${from + i}@contoso.onmicrosoft.com`,
    }));

  it('killed while some CreateRequests went through and others not: each pass reaches every item once', {
    timeout: 400_000,
  }, async () => {
    // 251 items: each pass needs CreateRequests of 100, 100 and 51.
    await createBatch('Crash1', [...bulk(1, 250), itemErrors]);
    const items = await crashAndRestart('Crash1', 'verify', 'first-create-answered', 251, mid);
    expect(new Set(items).size).toBe(251);
    await crashAndRestart('Crash1', 'prestage', 'first-create-answered', items, mid);
    const checked = await cluster.invoke(bot, 'runbook.check', {
      tenantId: 'contoso',
      runbookId: 'tenant-to-tenant',
      stepId: 'switch-mx',
      done: true,
      version: 0,
    });
    expect(checked.statusCode).toBe(200);
    await crashAndRestart('Crash1', 'pass', 'first-create-answered', items, mid);
    // One item ends the full pass with errors: its Repair is one CreateRequest, killed on its way.
    await batchWhen(
      cluster,
      batchIdOf('contoso', 'Crash1'),
      (b) => b.state === 'CompletedWithErrors',
      30_000,
      'errors',
    );
    await crashAndRestart('Crash1', 'retry-errors', 'recent-passes-answered', 1, all);
  });

  it('killed after the last CreateRequest reached the engine, before the intent was recorded done: nothing is submitted again', {
    timeout: 400_000,
  }, async () => {
    // 151 items: CreateRequests of 100 and 51; the kill comes while the second is on its way.
    await createBatch('Crash2', [...bulk(251, 400), itemErrors]);
    const items = await crashAndRestart('Crash2', 'verify', 'first-create-answered', 151, all);
    await crashAndRestart('Crash2', 'prestage', 'first-create-answered', items, all);
    await crashAndRestart('Crash2', 'pass', 'first-create-answered', items, all);
    await batchWhen(
      cluster,
      batchIdOf('contoso', 'Crash2'),
      (b) => b.state === 'CompletedWithErrors',
      30_000,
      'errors',
    );
    // The Repair, killed before it was sent, is submitted once by the new instance.
    await crashAndRestart('Crash2', 'retry-errors', 'intent-claimed', 1, none);
  });
});
