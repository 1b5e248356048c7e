/**
 * Store costs, on the local file store and on Cosmos DB (@vercel/cosmosdb-server in this process):
 * - the store operations one `batch status` command makes, counted at the store port through the real bot;
 * - the time a status sync of a 2,000-user batch takes: the first sync (every user written), and a
 *   sync with nothing changed (reads only).
 * Writes bench/results/store-sync.json.   npm run bench:store
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { startCutover } from '../bot/runtime';
import { startSimulator } from '../simulator';
import { syncBatch } from '../services/jobs/sync-batch';
import type { Container, ContainerName, DocumentStore } from '../services/store/document-store';
import { makeMessage, postActivity } from '../test/support/activities';
import { startConnectorCapture } from '../test/support/connector';
import { eventually, tempDir } from '../test/support/cutover';
import { northwindUsers } from '../test/support/simulator-data';
import { startCosmosTestServer } from '../test/services/store/cosmos-test-server';

const USERS = 2000;

/** Counts every call on the store port, by container and operation. */
function counting(store: DocumentStore) {
  const counts = new Map<string, number>();
  const wrapped: DocumentStore = {
    ...store,
    init: () => store.init(),
    close: () => store.close(),
    container<T extends { id: string; pk: string }>(name: ContainerName) {
      const inner = store.container<T>(name);
      return new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const key = `${name}.${String(prop)}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            return value.apply(target, args);
          };
        },
      }) as Container<T>;
    },
  };
  return { store: wrapped, counts, reset: () => counts.clear() };
}

async function measure(kind: 'local' | 'cosmos') {
  const simulator = await startSimulator({ speed: 1, extraMailUsers: USERS });
  const connector = await startConnectorCapture();
  const cosmos = kind === 'cosmos' ? await startCosmosTestServer() : undefined;
  let counter: ReturnType<typeof counting> | undefined;
  const cutover = await startCutover({
    env: {
      PORT: '0',
      DATA_DIR: await tempDir('cutover-bench-store-'),
      EXCHANGE_SIMULATOR_URL: simulator.url,
      LOG_LEVEL: 'silent',
      SYNC_INTERVAL_SECONDS: '3600',
      INTENT_INTERVAL_SECONDS: '0.2',
      ...(cosmos
        ? {
            STORE: 'cosmos',
            COSMOS_ENDPOINT: cosmos.endpoint,
            COSMOS_KEY: 'bench',
            COSMOS_DATABASE: 'bench',
            COSMOS_ALLOW_SELF_SIGNED: 'true',
          }
        : {}),
    },
    log: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }),
    wrapStore: (store) => {
      counter = counting(store);
      return counter.store;
    },
  });
  try {
    const emails = await northwindUsers(simulator.url, USERS);
    await postActivity(
      cutover.url,
      makeMessage({
        text: `batch create Big --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
        serviceUrl: connector.url,
      }),
    );
    const ctx = cutover.services.ctx;
    // The create intent also runs the first sync; wait for it, then time syncs on their own.
    await eventually(
      async () => (await ctx.repos.batches.read('northwind', 'northwind~big'))?.summary?.total === USERS,
      300_000,
      'first sync',
    );
    await cutover.services.jobs.stop();
    const users = await ctx.repos.batchUsers.query({ pk: 'northwind~big', pageSize: 1000 });
    for (const user of users.items) await ctx.repos.batchUsers.delete(user.pk, user.id);
    let started = Date.now();
    await syncBatch(ctx, 'northwind~big');
    const fullSyncMs = Date.now() - started;
    counter!.reset();
    started = Date.now();
    await syncBatch(ctx, 'northwind~big');
    const unchangedSyncMs = Date.now() - started;
    const unchangedOps = Object.fromEntries(counter!.counts);

    counter!.reset();
    const before = connector.calls.length;
    await postActivity(cutover.url, makeMessage({ text: 'batch status Big', serviceUrl: connector.url }));
    await eventually(() => connector.calls.length > before, 10_000, 'the status reply');
    const statusOps = Object.fromEntries(counter!.counts);
    return {
      store: kind,
      users: USERS,
      fullSyncMs,
      unchangedSyncMs,
      unchangedSyncOps: unchangedOps,
      batchStatusOps: statusOps,
      batchStatusOpCount: Object.values(statusOps).reduce((a, b) => a + b, 0),
    };
  } finally {
    await cutover.close();
    await connector.close();
    await simulator.close();
    await cosmos?.close();
  }
}

async function main() {
  const local = await measure('local');
  const cosmos = await measure('cosmos');
  const result = {
    measuredAt: new Date().toISOString(),
    machine: `2 cores, Node ${process.version}`,
    local,
    cosmos,
    fullSyncRatioCosmosToLocal: Math.round((cosmos.fullSyncMs / local.fullSyncMs) * 10) / 10,
  };
  await writeFile(path.resolve(__dirname, 'results/store-sync.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
