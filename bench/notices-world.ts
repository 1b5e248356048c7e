/**
 * What the notice benchmarks share: the outside world (the simulator and a Cosmos DB test server, each in
 * its own process), the Cutover environment for it, the outbox to fill, throttling episodes, and the
 * figures read back from the simulator's connector.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ServiceContext } from '../services/context';
import { enqueueNotices } from '../services/notices/outbox';
import { readAll } from '../services/store/document-store';

export const ALLOWED_PER_SECOND = 50;
const BATCH_SIZE = 2_000;
/** Users of the simulator's seed that are not extra ones (left out of the fan-out). */
export const REGULAR = 317;
export const TENANTS_FILE = path.resolve(__dirname, '../test/fixtures/tenants.notices.json');

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Deliveries per second over the middle of the run (the first and last 5% left out: start-up and tail). */
export function sustainedRate(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const from = sorted[Math.floor(sorted.length * 0.05)]!;
  const to = sorted[Math.floor(sorted.length * 0.95)]!;
  const count = Math.floor(sorted.length * 0.95) - Math.floor(sorted.length * 0.05);
  return count / ((to - from) / 1000);
}

/** Deliveries in each 10-second window from the first one: where the run was slow, if anywhere. */
export function perTenSeconds(times: number[]): number[] {
  const first = Math.min(...times);
  const counts: number[] = [];
  for (const t of times) {
    const slot = Math.floor((t - first) / 10_000);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return Array.from(counts, (c) => c ?? 0);
}

/** The most deliveries in any one second (from each delivery). */
export function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1_000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export interface OutsideWorld {
  simulatorUrl: string;
  cosmosEndpoint: string;
  stop(): void;
}

/** Starts one service of the outside world in its own process and reads its address. */
async function startService(
  service: 'simulator' | 'cosmos',
  extraUsers = 0,
): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [...process.execArgv, path.resolve(__dirname, 'outside-world.ts')], {
    env: { ...process.env, BENCH_SERVICE: service, BENCH_EXTRA_USERS: String(extraUsers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the ${service} process exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, stop: () => child.kill('SIGTERM') };
}

/** The simulator and the Cosmos DB server, each in its own process, as remote services would be. */
export async function startOutsideWorld(extraUsers: number): Promise<OutsideWorld> {
  const [simulator, cosmos] = await Promise.all([
    startService('simulator', extraUsers),
    startService('cosmos'),
  ]);
  return {
    simulatorUrl: simulator.url,
    cosmosEndpoint: cosmos.url,
    stop: () => {
      simulator.stop();
      cosmos.stop();
    },
  };
}

/** The environment of a Cutover instance on the outside world's simulator and Cosmos DB. */
export function cutoverEnv(world: OutsideWorld, dataDir: string, database: string): Record<string, string> {
  return {
    PORT: '0',
    DATA_DIR: dataDir,
    EXCHANGE_SIMULATOR_URL: world.simulatorUrl,
    TENANTS_FILE,
    LOG_LEVEL: 'silent',
    // The store several instances share in production: Cosmos DB (here @vercel/cosmosdb-server).
    STORE: 'cosmos',
    COSMOS_ENDPOINT: world.cosmosEndpoint,
    COSMOS_KEY: 'bench-key',
    COSMOS_DATABASE: database,
    COSMOS_ALLOW_SELF_SIGNED: 'true',
  };
}

export const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

/** Records one "reset your profile" notice per address, in batches of 2,000; returns the batch ids. */
export async function fillOutbox(ctx: ServiceContext, emails: string[]): Promise<string[]> {
  const batchIds: string[] = [];
  for (let i = 0; i * BATCH_SIZE < emails.length; i++) {
    const batch = {
      id: `northwind~bench-${i}`,
      tenantId: 'northwind',
      name: `Bench${i}`,
      scenario: 'cross-tenant' as const,
    };
    batchIds.push(batch.id);
    await enqueueNotices(ctx, batch, emails.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE), 'reset', new Date());
  }
  return batchIds;
}

/** For one second every activity post gets 429 (Retry-After: the rest of the episode). */
export const throttlingEpisode = (simulatorUrl: string) =>
  fetch(`${simulatorUrl}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ connectorThrottle: { seconds: 1 } }),
  });

/**
 * Waits until `expected` activities reached the connector (or the time is up), with a throttling
 * episode every `burstEvery` deliveries; returns how many episodes there were (the first one is the
 * caller's).
 */
export async function watchDeliveries(
  simulatorUrl: string,
  expected: number,
  burstEvery: number,
): Promise<number> {
  const started = Date.now();
  let bursts = 1;
  let last = 0;
  const sentSoFar = async () =>
    (await getJson<{ sent: number }>(`${simulatorUrl}/_simulator/connector`)).sent;
  for (;;) {
    const count = await sentSoFar();
    if (count >= expected) break;
    if (Date.now() - started > (expected / ALLOWED_PER_SECOND) * 3000 + 60_000) break;
    if (Math.floor(count / burstEvery) > Math.floor(last / burstEvery)) {
      await throttlingEpisode(simulatorUrl);
      bursts++;
    }
    if (Math.floor(count / 1000) > Math.floor(last / 1000)) console.log(`  ${count} delivered`);
    last = count;
    await new Promise((r) => setTimeout(r, 500));
  }
  return bursts;
}

/** The fan-out's deliveries the simulator recorded (one per activity that reached a user). */
export async function benchDeliveries(simulatorUrl: string) {
  const prefix = /^northwind~bench-\d+:reset:/;
  return (
    await getJson<{ channel: string; at: string; noticeId?: string }[]>(
      `${simulatorUrl}/_simulator/notices.json`,
    )
  ).filter((d) => d.channel === 'teams' && d.noticeId !== undefined && prefix.test(d.noticeId));
}

/** The outbox's view: every notice should be `sent`, and exactly the delivered ones; who sent each. */
export async function outboxView(ctx: ServiceContext, batchIds: string[], delivered: Set<string>) {
  const outbox = { sent: 0, pending: 0, failed: 0, sentButNotDelivered: 0 };
  const sentBy: Record<string, number> = {};
  for (const batchId of batchIds) {
    for (const notice of await readAll(ctx.repos.notices, { pk: batchId })) {
      if (notice.status === 'sent') outbox.sent++;
      else if (notice.status === 'failed') outbox.failed++;
      else outbox.pending++;
      if (notice.status === 'sent' && !delivered.has(notice.id)) outbox.sentButNotDelivered++;
      const log = notice.attemptsLog ?? [];
      const by = [...log].reverse().find((a) => a.outcome === 'sent' || a.outcome === 'already-delivered');
      if (by) sentBy[by.owner] = (sentBy[by.owner] ?? 0) + 1;
    }
  }
  return { outbox, sentBy };
}
