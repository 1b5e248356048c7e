import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { USERS } from '../support/activities';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import {
  batchWhen,
  createBatch,
  providerCalls,
  readBatch,
  requestStart,
  SYNCED_STATES,
  settledStartIntents,
} from './batch-steps';
import { type Cluster, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.approvals.json');
/** Every Exchange call takes this long: the Start cannot reach Exchange before the kill. */
const LATENCY_MS = 1500;
/** Only the run the decision itself kicks off; no timer picks the intent up again in this process. */
const QUIET_RUNNER = { INTENT_INTERVAL_SECONDS: '600' };

describe('an instance killed between the final decision and the Exchange call', () => {
  let cluster: Cluster;
  let emails: string[];
  let first: BotProcess;
  let restarted: BotProcess;

  beforeAll(async () => {
    cluster = await startCluster({ tenantsFile: TENANTS_FILE });
    emails = await northwindUsers(cluster.simulator.url, 8);
    first = await cluster.start('instance-a', QUIET_RUNNER);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  /** Creates and asks to start a batch on `bot` (Alex), then Megan's final approval; kills `bot` at once. */
  async function approveAndKill(bot: BotProcess, name: string, users: string[]) {
    const id = await createBatch(cluster, bot, { tenant: 'northwind-one', name, emails: users });
    const { approval, data } = await requestStart(cluster, bot, name, id);
    cluster.simulator.faults.latency(LATENCY_MS);
    const answer = await cluster.invoke(bot, 'approval.approve', data, USERS.megan);
    await bot.kill('SIGKILL');
    expect(answer.statusCode).toBe(200);
    // The decision and the intent were stored before the answer; nothing reached Exchange.
    const stored = await cluster.repos.approvals.read(id, approval.id);
    expect(stored?.status).toBe('approved');
    expect(stored?.decisions).toHaveLength(1);
    expect(stored?.intentId).toBeDefined();
    expect((await readBatch(cluster, id))?.pending?.action).toBe('start');
    const intents = await readAll(cluster.repos.intents, { pk: id, where: { action: 'start' } });
    expect(intents.map((i) => i.status)).not.toContain('done');
    expect(providerCalls(cluster, 'Start-MigrationBatch', name)).toHaveLength(0);
    return { id, intentId: stored!.intentId! };
  }

  async function expectOneStart(name: string, id: string) {
    await eventually(
      () => providerCalls(cluster, 'Start-MigrationBatch', name).length === 1,
      20_000,
      `Start-MigrationBatch for ${name}`,
    );
    cluster.simulator.faults.latency(0);
    await batchWhen(cluster, id, (batch) => SYNCED_STATES.includes(batch.state), 20_000, `${name} Synced`);
    // Start is called only for a start intent, so once none is waiting or running no other can come.
    const intents = await settledStartIntents(cluster, id);
    expect(intents.map((i) => i.status)).toEqual(['done']);
    expect(providerCalls(cluster, 'Start-MigrationBatch', name)).toHaveLength(1);
    const audit = await readAll(cluster.repos.audit, { pk: id });
    expect(audit.filter((e) => e.action === 'start' && e.outcome === 'done')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'approval:start' && e.outcome === 'approved')).toHaveLength(1);
  }

  /** Whether the killed instance's intent runner had already asked Exchange about the batch. */
  const reconciling = (instance: string, intentId: string) =>
    cluster.tapped.some((c) => c.instance === instance && c.requestId === intentId)
      ? 'its Get-MigrationBatch in flight'
      : 'not yet called Exchange';

  it('restarted under the same name, it carries out the approved start exactly once', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const { id, intentId } = await approveAndKill(first, 'Crash1', emails.slice(0, 4));
    const restartedAt = Date.now();
    // The restarted instance runs the intent runner once at start, and then only when kicked.
    restarted = await cluster.start('instance-a', QUIET_RUNNER);
    await expectOneStart('Crash1', id);
    console.log(
      `[multi] kill after decision, restart of the same instance: Start once, ${Date.now() - restartedAt} ms after the restart began; the killed instance had ${reconciling('instance-a', intentId)}; test ${Date.now() - started} ms`,
    );
  });

  it('another instance carries out the approved start exactly once after the lease runs out', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    // The instance restarted above is the only one running; it is killed the same way.
    const { id, intentId } = await approveAndKill(restarted, 'Crash2', emails.slice(4, 8));
    const killedAt = Date.now();
    await cluster.start('instance-d');
    await expectOneStart('Crash2', id);
    const start = providerCalls(cluster, 'Start-MigrationBatch', 'Crash2')[0]!;
    const caller = cluster.tapped.find((c) => c.cmdlet === 'Start-MigrationBatch' && c.batch === 'Crash2');
    expect(caller?.instance).toBe('instance-d');
    console.log(
      `[multi] kill after decision, another instance: Start at ${Date.parse(start.at) - killedAt} ms after the kill; the killed instance had ${reconciling('instance-a', intentId)}; test ${Date.now() - started} ms`,
    );
  });
});
