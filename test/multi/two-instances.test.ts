import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { USERS } from '../support/activities';
import { cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import {
  batchWhen,
  createBatch,
  providerCalls,
  readBatch,
  requestCutover,
  requestStart,
  SYNCED_STATES,
  settledStartIntents,
} from './batch-steps';
import { type Cluster, startCluster } from './cluster';
import { overlappingWindows, syncWindows } from './sync-windows';
import type { BotProcess } from './start-bot-process';

describe('two instances on one Cosmos DB store run one migration together', () => {
  let cluster: Cluster;
  let a: BotProcess;
  let b: BotProcess;

  beforeAll(async () => {
    cluster = await startCluster();
    [a, b] = await Promise.all([cluster.start('instance-a'), cluster.start('instance-b')]);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('create on A, start asked on B, approved on A, cutover asked on A, approved on B: Completed', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const emails = await northwindUsers(cluster.simulator.url, 6);
    const id = await createBatch(cluster, a, { name: 'Duo1', emails });

    const start = await requestStart(cluster, b, 'Duo1', id);
    expect(start.approval.status).toBe('pending');
    const approved = await cluster.invoke(a, 'approval.approve', start.data, USERS.megan);
    expect(approved.statusCode).toBe(200);
    expect(cardText(approved.value)).toContain('Approved by Megan Bowen');
    await batchWhen(cluster, id, (batch) => SYNCED_STATES.includes(batch.state), 30_000, 'Synced');

    const cutover = await requestCutover(cluster, a, id);
    expect(cutover.approval.status).toBe('pending');
    const cut = await cluster.invoke(b, 'approval.approve', cutover.data, USERS.megan);
    expect(cut.statusCode).toBe(200);
    const done = await batchWhen(cluster, id, (batch) => batch.state === 'Completed', 30_000, 'Completed');

    // Exchange saw each action once, although two instances ran the intent runner and the sync.
    for (const cmdlet of ['New-MigrationBatch', 'Start-MigrationBatch', 'Complete-MigrationBatch']) {
      expect(providerCalls(cluster, cmdlet, 'Duo1'), cmdlet).toHaveLength(1);
    }
    // Both instances did work on the batch (the test is about two of them, not one doing everything).
    const workers = new Set(cluster.tapped.filter((c) => c.batch === 'Duo1').map((c) => c.instance));
    expect([...workers].sort()).toEqual(['instance-a', 'instance-b']);

    // No lost update: the final state, the summary and every step of the trail are stored.
    expect(done.pending).toBeUndefined();
    expect(done.awaiting).toBeUndefined();
    expect(done.summary?.total).toBe(6);
    expect(done.summary?.counts.Completed).toBe(6);
    expect(done.summary?.percent).toBe(100);
    const users = await readAll(cluster.repos.batchUsers, { pk: id });
    expect(users.map((u) => u.email).sort()).toEqual(emails.map((e) => e.toLowerCase()).sort());
    expect(users.every((u) => u.status === 'Completed')).toBe(true);
    const audit = await readAll(cluster.repos.audit, { pk: id });
    expect(audit.map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(
      [
        'approval:cutover:approved',
        'approval:cutover:requested',
        'approval:start:approved',
        'approval:start:requested',
        'complete:done',
        'create:done',
        'create:requested',
        'preflight:done',
        'start:done',
      ].sort(),
    );
    const approvals = await readAll(cluster.repos.approvals, { pk: id });
    expect(approvals.map((x) => `${x.action}:${x.status}:${x.decisions.length}`).sort()).toEqual([
      'cutover:approved:1',
      'start:approved:1',
    ]);
    const intents = await readAll(cluster.repos.intents, { pk: id });
    expect(intents.map((i) => `${i.action}:${i.status}`).sort()).toEqual([
      'complete:done',
      'create:done',
      'start:done',
    ]);
    // The completed announcement reached the conversation once per milestone, whichever instance sent it.
    await eventually(
      () => cluster.connector.calls.some((c) => /is completed/.test(String(c.body.text))),
      10_000,
      'the completed announcement',
    );
    expect((await readBatch(cluster, id))?.state).toBe('Completed');
    console.log(`[multi] full migration over two instances: ${Date.now() - started} ms`);
  });

  it('the same final approval sent to A and B at once is recorded once and starts the batch once', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const emails = await northwindUsers(cluster.simulator.url, 30);
    const rounds = [
      { name: 'Race1', a: USERS.megan, b: USERS.megan },
      { name: 'Race2', a: USERS.megan, b: USERS.megan },
      { name: 'Race3', a: USERS.alex, b: USERS.alex },
      { name: 'Race4', a: USERS.megan, b: USERS.alex },
    ];
    const batches = await Promise.all(
      rounds.map(async (round, i) => {
        const id = await createBatch(cluster, i % 2 ? a : b, {
          name: round.name,
          emails: emails.slice(6 + i * 4, 10 + i * 4),
        });
        return { ...round, id, ...(await requestStart(cluster, i % 2 ? b : a, round.name, id)) };
      }),
    );
    const refusals = batches.flatMap((round) => round.refusals);
    if (refusals.length > 0) console.log(`[multi] start requests asked again after: ${refusals.join(' | ')}`);
    for (const round of batches) {
      const answers = await Promise.all([
        cluster.invoke(a, 'approval.approve', round.data, round.a),
        cluster.invoke(b, 'approval.approve', round.data, round.b),
      ]);
      expect(answers.map((x) => x.statusCode)).toEqual([200, 200]);
      const stored = await cluster.repos.approvals.read(round.id, round.approval.id);
      expect(stored?.status).toBe('approved');
      expect(stored?.decisions).toHaveLength(1);
      // The answer of the instance that lost the race shows the approval as already decided.
      const texts = answers.map((x) => cardText(x.value));
      expect(
        texts.filter((t) => /already approved/.test(t)),
        texts.join(' / '),
      ).toHaveLength(1);
      expect(
        texts.filter((t) => /Approved by/.test(t)),
        texts.join(' / '),
      ).toHaveLength(1);
    }
    for (const round of batches) {
      await batchWhen(
        cluster,
        round.id,
        (batch) => batch.pending === undefined,
        15_000,
        `${round.name} started`,
      );
      await eventually(() => providerCalls(cluster, 'Start-MigrationBatch', round.name).length === 1, 10_000);
    }
    // Start is called only for a start intent: once none is waiting or running, still one Start each.
    for (const round of batches) {
      const intents = await settledStartIntents(cluster, round.id);
      expect(intents.map((i) => i.status)).toEqual(['done']);
      expect(providerCalls(cluster, 'Start-MigrationBatch', round.name), round.name).toHaveLength(1);
      const audit = await readAll(cluster.repos.audit, { pk: round.id, where: { action: 'approval:start' } });
      expect(audit.filter((e) => e.outcome === 'approved')).toHaveLength(1);
    }
    console.log(`[multi] simultaneous approvals on ${batches.length} batches: ${Date.now() - started} ms`);
  });

  it('each batch is synced by one instance at a time', { timeout: 60_000 }, async () => {
    const started = Date.now();
    // The batches of the tests above are still active (Synced batches keep being polled): watch both
    // instances poll them for a while, sampling the lease documents as they go.
    const from = Date.now();
    const owners = new Map<string, Set<string>>();
    while (Date.now() - from < 6000) {
      const page = await cluster.repos.leases.query({ pageSize: 100 });
      for (const lease of page.items) {
        if (lease.expiresAt <= Date.now()) continue;
        owners.set(lease.id, (owners.get(lease.id) ?? new Set()).add(lease.owner));
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    // Every call either instance made on any batch since the cluster started: intents, their follow-up
    // syncs and the periodic status sync of this file's batches.
    const windows = syncWindows(cluster.tapped);
    const overlaps = overlappingWindows(windows);
    expect(overlaps, JSON.stringify(overlaps.slice(0, 3))).toEqual([]);
    // The check is not vacuous: the batches were polled throughout, and by both instances over time.
    const active = ['Race1', 'Race2', 'Race3', 'Race4'];
    for (const name of active) {
      expect(windows.filter((w) => w.batch === name && w.from >= from).length, name).toBeGreaterThanOrEqual(
        4,
      );
    }
    const names = ['Duo1', ...active];
    const shared = names.filter(
      (name) => new Set(windows.filter((w) => w.batch === name).map((w) => w.instance)).size === 2,
    );
    expect(shared.length, 'batches worked on by both instances').toBeGreaterThanOrEqual(1);
    for (const seen of owners.values()) {
      for (const owner of seen) expect(['instance-a', 'instance-b']).toContain(owner);
    }
    expect(owners.size).toBeGreaterThan(0);
    console.log(
      `[multi] ${windows.length} windows of Exchange calls on ${names.length} batches (${shared.length} worked on by both instances), 0 overlaps; lease owners seen: ${[
        ...owners,
      ]
        .map(([id, seen]) => `${id}=${[...seen].join('+')}`)
        .join(', ')} (${Date.now() - started} ms)`,
    );
  });
});
