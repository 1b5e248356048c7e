import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { makeMessage, postActivity } from '../support/activities';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { batchWhen, createBatch, providerCalls, readBatch, SYNCED_STATES } from './batch-steps';
import { type Cluster, MULTI_JOBS, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.notices.json');
const SYNC_MS = Number(MULTI_JOBS.SYNC_INTERVAL_SECONDS) * 1000;
/** What SIGTERM may take at most (App Service waits about this long before it kills). */
const STOP_BUDGET_MS = 10_000;

/** SIGTERM, then how the process ended and how long it took. */
async function terminate(bot: BotProcess) {
  const sentAt = Date.now();
  const ended = bot.kill('SIGTERM');
  const exit = await bot.exited;
  await ended;
  return { ...exit, sentAt, exitedAt: Date.now(), ms: Date.now() - sentAt };
}

describe('SIGTERM in the middle of a sync', () => {
  let cluster: Cluster;
  let bots: Record<string, BotProcess>;

  beforeAll(async () => {
    cluster = await startCluster({ speed: 150, tenantsFile: TENANTS_FILE });
    const [a, b] = await Promise.all([cluster.start('instance-a'), cluster.start('instance-b')]);
    bots = { 'instance-a': a!, 'instance-b': b! };
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('refuses new turns, finishes the one in flight, hands the batch over at once and exits 0', {
    timeout: 90_000,
  }, async () => {
    const emails = await northwindUsers(cluster.simulator.url, 4);
    const id = await createBatch(cluster, bots['instance-a']!, { name: 'Stopping', emails });
    expect((await cluster.say(bots['instance-a']!, 'batch start Stopping')).status).toBe(200);
    await batchWhen(cluster, id, (batch) => batch.state === 'Syncing', 20_000, 'Syncing');

    // Slow Exchange: a sync holds the batch's lease for a while, and a `user` turn takes over a second.
    cluster.simulator.faults.latency(1500);
    const slowFrom = Date.now();
    // A sync slowed down: once its batch read came back, the same instance reads the batch's users, as
    // slowly, holding the lease. (An unexpired lease alone is not enough: it may be handed back between
    // two syncs and taken by the other instance before the signal.)
    const slowRead = await eventually(
      () =>
        cluster.tapped.find(
          (c) =>
            c.batch === 'Stopping' &&
            c.cmdlet === 'Get-MigrationBatch' &&
            c.startedAt >= slowFrom &&
            c.endedAt - c.startedAt >= 1000,
        ),
      15_000,
      'a sync slowed down by Exchange',
    );
    const leaseId = `lease:batch:${id}`;
    const held = (await cluster.repos.leases.read(leaseId, leaseId))!;
    expect(held.owner).toBe(slowRead.instance);
    const victim = bots[held.owner]!;
    const survivor = held.owner === 'instance-a' ? 'instance-b' : 'instance-a';

    // A turn in flight when the signal comes (it calls Exchange), then the signal, then a new turn.
    const inFlight = makeMessage({ text: `user ${emails[0]}`, serviceUrl: cluster.connector.url });
    const slowTurn = postActivity(victim.url, inFlight).then((answer) => ({ ...answer, at: Date.now() }));
    // The turn reads the store, then waits on Exchange (1.5 s): the signal comes in the middle of it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stop = terminate(victim);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const late = await postActivity(
      victim.url,
      makeMessage({ text: 'batch list', serviceUrl: cluster.connector.url }),
    ).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message} (${String((error as { cause?: unknown }).cause)}); the instance wrote: ${victim.output().slice(-3000)}`,
      );
    });
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ error: { code: 'shutting_down' } });

    // The turn in flight was finished and answered, once, after the signal.
    const answered = await slowTurn;
    expect(answered.status).toBe(200);
    const stopping = await stop;
    expect(answered.at).toBeGreaterThan(stopping.sentAt);
    expect(cluster.tapped.filter((c) => c.requestId === inFlight.id).map((c) => c.cmdlet)).toEqual([
      'Get-MigrationUserStatistics',
    ]);
    const replies = cluster.connector.calls.filter(
      (c) => c.kind === 'reply' && c.path.endsWith(`/activities/${inFlight.id}`),
    );
    expect(replies.filter((r) => r.body.type === 'message')).toHaveLength(1);

    const stopped = stopping;
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(STOP_BUDGET_MS);
    // The lease was handed back (not left to run out): another instance may take it at once.
    const released = await cluster.repos.leases.read(leaseId, leaseId);
    expect(released!.owner !== held.owner || released!.expiresAt <= stopped.exitedAt).toBe(true);

    const first = await eventually(
      () =>
        cluster.tapped.find(
          (c) =>
            c.instance === survivor &&
            c.batch === 'Stopping' &&
            c.cmdlet === 'Get-MigrationBatch' &&
            c.startedAt > stopped.sentAt,
        ),
      10_000,
      'the survivor to sync the batch',
    );
    console.log(
      JSON.stringify({
        sentAt: 0,
        exitedAt: stopped.exitedAt - stopped.sentAt,
        released,
        calls: cluster.tapped
          .filter((c) => c.batch === 'Stopping' && c.startedAt > stopped.sentAt - 3000)
          .map((c) => [c.instance, c.cmdlet, c.startedAt - stopped.sentAt, c.endedAt - stopped.sentAt]),
      }),
    );
    // Within one sync interval of the exit (it may even start while the victim drains).
    const takeoverMs = first.startedAt - stopped.exitedAt;
    expect(takeoverMs).toBeLessThan(SYNC_MS + 500);
    expect(first.requestId).toMatch(/^job:sync:northwind~stopping:/);
    cluster.simulator.faults.latency(0);

    const done = await batchWhen(cluster, id, (b) => SYNCED_STATES.includes(b.state), 45_000, 'Synced');
    expect(done.summary?.total).toBe(4);
    expect(providerCalls(cluster, 'Start-MigrationBatch', 'Stopping')).toHaveLength(1);
    expect(providerCalls(cluster, 'New-MigrationBatch', 'Stopping')).toHaveLength(1);
    console.log(
      `[multi] SIGTERM during a sync: ${held.owner} exited 0 in ${stopped.ms} ms; ${survivor} synced ${takeoverMs} ms after the exit (SYNC_INTERVAL_SECONDS=${SYNC_MS / 1000})`,
    );
  });
});

describe('SIGTERM in the middle of a notice fan-out', () => {
  const USERS = 300;
  /** The regular Northwind movers; extra users come after them. */
  const REGULAR = 317;
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ tenantsFile: TENANTS_FILE, extraMailUsers: USERS });
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('stops within the budget with exit 0; the other instance sends the rest, each notice exactly once', {
    timeout: 240_000,
  }, async () => {
    const emails = (await northwindUsers(cluster.simulator.url, REGULAR + USERS)).slice(REGULAR);
    const a = await cluster.start('instance-a');
    const b = await cluster.start('instance-b');
    const id = await createBatch(cluster, a, { name: 'Fanout', emails });
    await cluster.say(a, 'batch start Fanout');
    await batchWhen(cluster, id, (x) => SYNCED_STATES.includes(x.state), 60_000, 'Fanout synced');
    const synced = await readBatch(cluster, id);
    // Teams answers slowly: the fan-out takes a while, and sends are in flight when the signal comes.
    cluster.simulator.faults.connectorThrottle(40, 1);
    await cluster.invoke(a, 'batch.confirm', { batchId: id, version: synced!.version, action: 'cutover' });

    const delivered = () =>
      cluster.simulator
        .deliveries({ kind: 'teams' })
        .filter((d) => d.kind === 'teams' && d.noticeId?.startsWith(`${id}:reset:`))
        .map((d) => (d.kind === 'teams' ? d.noticeId : undefined));
    await eventually(() => delivered().length >= 60, 90_000, '60 notices delivered');
    const claimedByA = (await readAll(cluster.repos.notices, { pk: id, where: { kind: 'reset' } })).filter(
      (n) => n.status === 'sending' && n.lease?.owner === 'instance-a',
    ).length;
    const stopped = await terminate(a);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(STOP_BUDGET_MS);
    const atExit = delivered().length;
    // Nothing is left claimed by the stopped instance: what it had in hand was sent or handed back.
    const leftClaimed = (await readAll(cluster.repos.notices, { pk: id, where: { kind: 'reset' } })).filter(
      (n) => n.status === 'sending' && n.lease?.owner === 'instance-a',
    );
    expect(leftClaimed).toEqual([]);
    // The other instance goes on at once (its outbox poll is 1 s when idle; the notices handed back are due).
    await eventually(() => delivered().length > atExit || undefined, 5000, 'instance-b to go on sending');
    const continuedMs = Date.now() - stopped.exitedAt;

    const notices = await eventually(
      async () => {
        const all = await readAll(cluster.repos.notices, { pk: id, where: { kind: 'reset' } });
        return all.length === USERS && all.every((n) => n.status === 'sent') ? all : undefined;
      },
      150_000,
      'every notice sent',
    );
    const ids = delivered();
    expect(ids).toHaveLength(USERS);
    expect(new Set(ids).size).toBe(USERS);
    expect(new Set(ids)).toEqual(new Set(emails.map((e) => `${id}:reset:${e.toLowerCase()}`)));
    expect(notices.length).toBe(USERS);
    expect(b.pid).toBeGreaterThan(0);
    console.log(
      `[multi] SIGTERM during a fan-out: exited 0 in ${stopped.ms} ms with ${claimedByA} notices claimed at the signal; ${atExit} of ${USERS} delivered by then, the rest by instance-b (its next send within ${continuedMs} ms of the exit), 0 duplicates`,
    );
  });
});
