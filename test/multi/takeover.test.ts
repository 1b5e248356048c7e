import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../support/activities';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { batchWhen, createBatch, providerCalls, requestStart, SYNCED_STATES } from './batch-steps';
import { type Cluster, MULTI_JOBS, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

const LEASE_MS = Number(MULTI_JOBS.LEASE_SECONDS) * 1000;
const SYNC_MS = Number(MULTI_JOBS.SYNC_INTERVAL_SECONDS) * 1000;
/** Each Exchange call takes this long while the kill happens, so a sync holds its lease for a while. */
const LATENCY_MS = 2500;

describe('an instance killed in the middle of a sync', () => {
  let cluster: Cluster;
  let bots: Record<string, BotProcess>;

  beforeAll(async () => {
    // Slow enough that the batch stays Syncing for many seconds.
    cluster = await startCluster({ speed: 150 });
    const [a, b] = await Promise.all([cluster.start('instance-a'), cluster.start('instance-b')]);
    bots = { 'instance-a': a!, 'instance-b': b! };
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('the other instance takes the batch over after the lease runs out and syncs it to the end', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const a = bots['instance-a']!;
    const b = bots['instance-b']!;
    const emails = await northwindUsers(cluster.simulator.url, 4);
    const id = await createBatch(cluster, a, { name: 'Takeover', emails });
    const { data } = await requestStart(cluster, a, 'Takeover', id);
    expect((await cluster.invoke(b, 'approval.approve', data, USERS.megan)).statusCode).toBe(200);
    await batchWhen(cluster, id, (batch) => batch.state === 'Syncing', 20_000, 'Syncing');

    // Catch an instance holding the batch's lease, and kill it there.
    cluster.simulator.faults.latency(LATENCY_MS);
    const leaseId = `lease:batch:${id}`;
    const held = await eventually(
      async () => {
        const lease = await cluster.repos.leases.read(leaseId, leaseId);
        return lease && lease.expiresAt > Date.now() + 500 ? lease : undefined;
      },
      10_000,
      'an instance holding the lease',
    );
    const victim = bots[held.owner]!;
    const survivor = held.owner === 'instance-a' ? 'instance-b' : 'instance-a';
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    // It died holding the lease (not between two syncs): the lease document still names it.
    const orphaned = await cluster.repos.leases.read(leaseId, leaseId);
    expect(orphaned?.owner).toBe(held.owner);
    expect(orphaned!.expiresAt).toBeGreaterThan(killedAt);
    expect(cluster.tapped.some((c) => c.instance === held.owner && c.batch === 'Takeover')).toBe(true);

    const first = await eventually(
      () =>
        cluster.tapped.find(
          (c) =>
            c.instance === survivor &&
            c.batch === 'Takeover' &&
            c.cmdlet === 'Get-MigrationBatch' &&
            c.startedAt > killedAt,
        ),
      LEASE_MS + 10_000,
      'the survivor to sync the batch',
    );
    const takeoverMs = first.startedAt - killedAt;
    const leaseLeftMs = orphaned!.expiresAt - killedAt;
    cluster.simulator.faults.latency(0);
    // Not before the dead instance's lease ran out, and within about one lease period plus a sync interval.
    expect(first.startedAt).toBeGreaterThanOrEqual(orphaned!.expiresAt - 50);
    expect(takeoverMs).toBeLessThan(LEASE_MS + SYNC_MS + 1500);

    const done = await batchWhen(
      cluster,
      id,
      (batch) => SYNCED_STATES.includes(batch.state),
      45_000,
      'Synced after the takeover',
    );
    const after = cluster.tapped.filter((c) => c.batch === 'Takeover' && c.startedAt > killedAt);
    expect(new Set(after.map((c) => c.instance))).toEqual(new Set([survivor]));
    expect(done.summary?.total).toBe(4);
    expect(providerCalls(cluster, 'Start-MigrationBatch', 'Takeover')).toHaveLength(1);
    const lease = await cluster.repos.leases.read(leaseId, leaseId);
    expect(lease?.owner).toBe(survivor);
    console.log(
      `[multi] takeover after SIGKILL of ${held.owner}: ${takeoverMs} ms (lease had ${leaseLeftMs} ms left; LEASE_SECONDS=${LEASE_MS / 1000}, SYNC_INTERVAL_SECONDS=${SYNC_MS / 1000}); test ${Date.now() - started} ms`,
    );
  });
});
