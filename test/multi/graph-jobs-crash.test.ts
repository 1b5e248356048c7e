import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../services/model/batch';
import type { Intent } from '../../services/model/intent';
import { readAll, type Stored } from '../../services/store/document-store';
import { cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { batchIdOf, batchWhen, readBatch, SYNCED_STATES } from './batch-steps';
import { type Cluster, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

/** Contoso → Northwind on Graph migration jobs (and on InvokeCommand), no approvals: actions run at once. */
const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.graph-jobs.json');
const TENANT = 'northwind-graph';
/**
 * Simulated seconds per real second: slow enough that a job syncs for a few seconds (a stop is allowed
 * only while syncing), fast enough that validation, cutover and cancellation take well under a second.
 */
const SPEED = 200;

type JobAction = 'create' | 'validate' | 'migrate' | 'update' | 'cancel' | 'delete';
type IntentAction = Intent['action'];

/** Each job action: its request (as the tap sees it) and its name in the simulator's call log. */
const JOB_ACTIONS: Record<JobAction, { method: string; path: RegExp; cmdlet: string }> = {
  create: {
    method: 'POST',
    path: /\/crossTenantMigrationJobs$/,
    cmdlet: 'Graph:POST crossTenantMigrationJobs',
  },
  validate: {
    method: 'POST',
    path: /\/crossTenantMigrationJobs\/[^/]+\/validate$/,
    cmdlet: 'Graph:POST crossTenantMigrationJobs/validate',
  },
  migrate: {
    method: 'POST',
    path: /\/crossTenantMigrationJobs\/[^/]+\/migrate$/,
    cmdlet: 'Graph:POST crossTenantMigrationJobs/migrate',
  },
  update: {
    method: 'PATCH',
    path: /\/crossTenantMigrationJobs\/[^/]+$/,
    cmdlet: 'Graph:PATCH crossTenantMigrationJobs',
  },
  cancel: {
    method: 'POST',
    path: /\/crossTenantMigrationJobs\/[^/]+\/cancel$/,
    cmdlet: 'Graph:POST crossTenantMigrationJobs/cancel',
  },
  delete: {
    method: 'DELETE',
    path: /\/crossTenantMigrationJobs\/[^/]+$/,
    cmdlet: 'Graph:DELETE crossTenantMigrationJobs',
  },
};

describe('SIGKILL after each Graph migration job action reached Graph, before it was recorded done', () => {
  let cluster: Cluster;
  let bot: BotProcess;
  let instances = 0;
  let emails: string[];

  beforeAll(async () => {
    cluster = await startCluster({ speed: SPEED, tenantsFile: TENANTS_FILE });
    emails = await northwindUsers(cluster.simulator.url, 8);
    bot = await startInstance();
  }, 60_000);
  afterAll(async () => {
    cluster.hold.match = undefined;
    await cluster?.close();
  });

  const startInstance = () => cluster.start(`instance-${++instances}`);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** The job action's calls Graph carried out (answered 2xx) for the batch of this name. */
  const carriedOut = (action: JobAction, name: string) =>
    cluster.simulator
      .calls({ cmdlet: JOB_ACTIONS[action].cmdlet })
      .filter((c) => c.status < 300 && String(c.parameters.displayName).toLowerCase() === name.toLowerCase());

  const intentsOf = (batchId: string, action: IntentAction) =>
    readAll(cluster.repos.intents, { pk: batchId, where: { action } });

  /** Polls every few milliseconds until the check holds. */
  async function soon<T>(check: () => T | undefined | false, what: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  }

  /**
   * Asks like a user until the intent of `action` is recorded (a request that met the status sync's
   * write of the batch is refused as changed at the same moment; a user asks again).
   */
  async function request(ask: () => Promise<unknown>, batchId: string, action: IntentAction) {
    const replies: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const mark = cluster.connector.calls.length;
      await ask();
      try {
        return await eventually(
          async () => (await intentsOf(batchId, action))[0],
          15_000,
          `the ${action} intent`,
        );
      } catch {
        const answers = cluster.connector.calls.slice(mark).filter((c) => c.body.type === 'message');
        replies.push(
          ...answers.map((c) => `${c.body.text ?? ''} ${cardText(c.body.attachments ?? [])}`.trim()),
        );
      }
    }
    throw new Error(`no ${action} intent for ${batchId}; the bot answered: ${replies.join('\n')}`);
  }

  /** A card confirmation (cut over now, remove), as the confirm card sends it, for the batch's version. */
  const confirm = (batchId: string, action: 'cutover' | 'remove') => async () => {
    const batch = await readBatch(cluster, batchId);
    return cluster.invoke(bot, 'batch.confirm', { batchId, version: batch!.version, action });
  };
  const say = (text: string) => () => cluster.say(bot, text);

  /**
   * Asks for `intentAction` with the answer to the job's `jobAction` kept from the instance: Graph
   * carries the action out, the instance never hears back and is SIGKILLed; a new instance then
   * finishes the intent. Checks the action reached Graph once, before and after, and one audit entry.
   */
  async function killAfter(
    name: string,
    jobAction: JobAction,
    intentAction: IntentAction,
    ask: () => Promise<unknown>,
    over: (batch: Batch) => boolean,
    /** Whether the action's whole effect is there (else the new instance finishes the rest). */
    whole = true,
  ): Promise<Stored<Batch>> {
    const batchId = batchIdOf(TENANT, name);
    const { method, path: requestPath } = JOB_ACTIONS[jobAction];
    const mark = cluster.hold.held.length;
    cluster.hold.match = (m, p) => m === method && requestPath.test(p);
    const intent = await request(ask, batchId, intentAction);
    await soon(() => cluster.hold.held.length > mark, `the ${jobAction} of ${name} to reach Graph`);
    await bot.kill('SIGKILL');
    cluster.hold.match = undefined;
    const held = cluster.hold.held.slice(mark);
    expect(held.map((h) => `${h.method} ${h.status < 300 ? 'ok' : h.status}`)).toEqual([`${method} ok`]);

    // Graph acted; the intent is stranded running, the batch still waits for it.
    expect(carriedOut(jobAction, name)).toHaveLength(1);
    expect((await cluster.repos.intents.read(batchId, intent.id))?.status).toBe('running');
    expect((await readBatch(cluster, batchId))?.pending?.intentId).toBe(intent.id);

    const restartedAt = Date.now();
    bot = await startInstance();
    const finished = await eventually(
      async () => {
        const current = await cluster.repos.intents.read(batchId, intent.id);
        return current && ['done', 'failed'].includes(current.status) ? current : undefined;
      },
      60_000,
      `the ${intentAction} intent of ${name} to finish`,
    );
    expect(finished.status, finished.error).toBe('done');
    // The new instance read the job first and found the action's effect there.
    expect(finished.reconciled === true).toBe(whole);
    const batch = await batchWhen(
      cluster,
      batchId,
      (b) => !b.pending && over(b),
      60_000,
      `${name} after its ${intentAction}`,
    );
    expect(carriedOut(jobAction, name)).toHaveLength(1);
    expect(await intentsOf(batchId, intentAction)).toHaveLength(1);
    const audit = await readAll(cluster.repos.audit, { pk: batchId });
    expect(audit.filter((e) => e.action === intentAction && e.outcome === 'done')).toHaveLength(1);
    console.log(
      `[multi] ${name}: killed after the ${jobAction} reached Graph, ${intentAction} done ${Date.now() - restartedAt} ms after the restart began (batch ${batch.state})`,
    );
    return batch;
  }

  /** Runs an action with no kill; waits until the batch shows it over. */
  async function run(
    name: string,
    intentAction: IntentAction,
    ask: () => Promise<unknown>,
    over: (batch: Batch) => boolean,
  ) {
    const batchId = batchIdOf(TENANT, name);
    const intent = await request(ask, batchId, intentAction);
    const done = await eventually(
      async () => {
        const current = await cluster.repos.intents.read(batchId, intent.id);
        return current && ['done', 'failed'].includes(current.status) ? current : undefined;
      },
      60_000,
      `the ${intentAction} intent of ${name}`,
    );
    expect(done.status, done.error).toBe('done');
    return batchWhen(
      cluster,
      batchId,
      (b) => !b.pending && over(b),
      60_000,
      `${name} after its ${intentAction}`,
    );
  }

  const createText = (name: string, users: string[]) =>
    `batch create ${name} --tenant ${TENANT} --scenario cross-tenant\nEmailAddress\n${users.join('\n')}`;
  const created = (b: Batch) => b.state === 'Created';
  const synced = (b: Batch) => SYNCED_STATES.includes(b.state);

  /** Each job action of one batch's life reached Graph exactly once. */
  function expectEachOnce(name: string, actions: JobAction[]) {
    for (const action of actions) expect(carriedOut(action, name), `${action} of ${name}`).toHaveLength(1);
  }

  it('create, migrate, cut over now and delete: each killed once Graph has it, each sent once', {
    timeout: 300_000,
  }, async () => {
    const name = 'GCrash1';
    const id = batchIdOf(TENANT, name);
    // Killed after the POST, before validation: the job is found by its name and not created again.
    await killAfter(name, 'create', 'create', say(createText(name, emails.slice(0, 3))), created);
    expect((await readBatch(cluster, id))?.userCount).toBe(3);
    // The job the crash left unvalidated is validated by the start's preflight; the migrate is killed.
    await killAfter(name, 'migrate', 'start', say(`batch start ${name}`), synced);
    await killAfter(name, 'update', 'complete', confirm(id, 'cutover'), (b) => b.state === 'Completed');
    await killAfter(name, 'delete', 'remove', confirm(id, 'remove'), (b) => b.state === 'Removed');
    expectEachOnce(name, ['create', 'validate', 'migrate', 'update', 'delete']);
    expect(carriedOut('cancel', name)).toHaveLength(0);
  });

  it('validate (after create) and cancel: each killed once Graph has it, each sent once', {
    timeout: 300_000,
  }, async () => {
    const name = 'GCrash2';
    const id = batchIdOf(TENANT, name);
    await killAfter(name, 'validate', 'create', say(createText(name, emails.slice(3, 6))), created);
    await run(name, 'start', say(`batch start ${name}`), (b) => b.state === 'Syncing');
    await killAfter(name, 'cancel', 'stop', say(`batch stop ${name}`), (b) => b.state === 'Stopped');
    await run(name, 'remove', confirm(id, 'remove'), (b) => b.state === 'Removed');
    expectEachOnce(name, ['create', 'validate', 'migrate', 'cancel', 'delete']);
    expect(carriedOut('update', name)).toHaveLength(0);
  });

  it('a removal of a synced job killed after its cancel: the new instance deletes it, each sent once', {
    timeout: 300_000,
  }, async () => {
    const name = 'GCrash3';
    const id = batchIdOf(TENANT, name);
    await run(name, 'create', say(createText(name, emails.slice(6, 8))), created);
    await run(name, 'start', say(`batch start ${name}`), synced);
    // Graph deletes only an ended job: the removal cancels it first, and is killed there.
    await killAfter(name, 'cancel', 'remove', confirm(id, 'remove'), (b) => b.state === 'Removed', false);
    expectEachOnce(name, ['create', 'validate', 'migrate', 'cancel', 'delete']);
  });
});
