/**
 * The notice fan-out against a Bot Connector that enforces Teams' limits (50 sends per second per app
 * per tenant, 7 per second per conversation) and answers bursts of 429: 10,000 "reset your profile"
 * notices recorded in the outbox, then delivered by the real worker and the real Teams delivery (Graph
 * user look-up, app installation, the 1:1 chat, the connector) against the simulator.
 * Reports the sustained rate against the allowed 50 per second, and lost and duplicated notices.
 * Baseline in the same run: a bare botbuilder sender posting to the same connector, paced at exactly
 * 50 per second (no outbox, no Graph): what this machine and connector allow at best.
 * Writes bench/results/notices.json.
 *
 *   npm run bench:notices            (BENCH_NOTICES=10000, BENCH_BASELINE=2000)
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from 'botbuilder';
import pino from 'pino';
import { startCutover } from '../bot/runtime';
import { enqueueNotices } from '../services/notices/outbox';
import { readAll } from '../services/store/document-store';
import { tempDir } from '../test/support/cutover';
import { northwindUsers } from '../test/support/simulator-data';

const NOTICES = Number(process.env.BENCH_NOTICES ?? 10_000);
const BASELINE = Number(process.env.BENCH_BASELINE ?? 2_000);
const ALLOWED_PER_SECOND = 50;
const BATCH_SIZE = 2_000;
/** A one-second throttling episode every this many deliveries. */
const BURST_EVERY = 2_000;
const REGULAR = 317;
const TENANTS_FILE = path.resolve(__dirname, '../test/fixtures/tenants.notices.json');

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Deliveries per second over the middle of the run (the first and last 5% left out: start-up and tail). */
function sustainedRate(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const from = sorted[Math.floor(sorted.length * 0.05)]!;
  const to = sorted[Math.floor(sorted.length * 0.95)]!;
  const count = Math.floor(sorted.length * 0.95) - Math.floor(sorted.length * 0.05);
  return count / ((to - from) / 1000);
}

/** Deliveries in each 10-second window from the first one: where the run was slow, if anywhere. */
function perTenSeconds(times: number[]): number[] {
  const first = Math.min(...times);
  const counts: number[] = [];
  for (const t of times) {
    const slot = Math.floor((t - first) / 10_000);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return Array.from(counts, (c) => c ?? 0);
}

async function baseline(connectorUrl: string): Promise<{ sent: number; ratePerSecond: number }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const started = Date.now();
  let sent = 0;
  const failures: string[] = [];
  const sends: Promise<void>[] = [];
  for (let i = 0; i < BASELINE; i++) {
    // Paced at exactly the allowed rate, one conversation per message (each user has their own chat).
    const due = started + (i * 1000) / ALLOWED_PER_SECOND;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: `${connectorUrl}/`,
      conversation: {
        id: `baseline-${i}`,
        conversationType: 'personal',
        isGroup: false,
        name: '',
        tenantId: 'bench',
      },
      bot: { id: 'baseline', name: 'baseline' },
    };
    sends.push(
      adapter
        .continueConversationAsync('', reference as ConversationReference, async (context) => {
          await context.sendActivity({ type: 'message', text: `baseline ${i}` });
        })
        .then(() => {
          sent++;
        })
        .catch((error: Error) => {
          failures.push(error.message);
        }),
    );
  }
  await Promise.all(sends);
  if (failures.length > 0) console.log(`  baseline: ${failures.length} sends failed, e.g. ${failures[0]}`);
  return { sent, ratePerSecond: round(sent / ((Date.now() - started) / 1000)) };
}

interface OutsideWorld {
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
async function startOutsideWorld(extraUsers: number): Promise<OutsideWorld> {
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

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

async function main(): Promise<void> {
  const world = await startOutsideWorld(NOTICES);
  const cutover = await startCutover({
    env: {
      PORT: '0',
      DATA_DIR: await tempDir('cutover-bench-notices-'),
      EXCHANGE_SIMULATOR_URL: world.simulatorUrl,
      TENANTS_FILE,
      LOG_LEVEL: 'silent',
      // The store several instances share in production: Cosmos DB (here @vercel/cosmosdb-server).
      STORE: 'cosmos',
      COSMOS_ENDPOINT: world.cosmosEndpoint,
      COSMOS_KEY: 'bench-key',
      COSMOS_DATABASE: 'bench-notices',
      COSMOS_ALLOW_SELF_SIGNED: 'true',
    },
    log: pino({ level: 'silent' }),
    startJobs: false,
  });
  try {
    const emails = (await northwindUsers(world.simulatorUrl, REGULAR + NOTICES)).slice(REGULAR);
    const ctx = cutover.services.ctx;
    const batchIds: string[] = [];
    for (let i = 0; i * BATCH_SIZE < emails.length; i++) {
      const batch = {
        id: `northwind~bench-${i}`,
        tenantId: 'northwind',
        name: `Bench${i}`,
        scenario: 'cross-tenant' as const,
      };
      batchIds.push(batch.id);
      await enqueueNotices(
        ctx,
        batch,
        emails.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE),
        'reset',
        new Date(),
      );
    }
    // Throttling episodes on top of the connector's own limits: for one second every activity post gets
    // 429 (Retry-After: the rest of the episode), as the fan-out starts and then every BURST_EVERY
    // deliveries.
    const burst = () =>
      fetch(`${world.simulatorUrl}/_simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ connectorThrottle: { seconds: 1 } }),
      });
    await burst();
    let bursts = 1;
    const started = Date.now();
    cutover.notices.start();
    const sentSoFar = async () =>
      (await getJson<{ sent: number }>(`${world.simulatorUrl}/_simulator/connector`)).sent;
    let last = 0;
    for (;;) {
      const count = await sentSoFar();
      if (count >= emails.length) break;
      if (Date.now() - started > (emails.length / ALLOWED_PER_SECOND) * 3000 + 60_000) break;
      if (Math.floor(count / BURST_EVERY) > Math.floor(last / BURST_EVERY)) {
        await burst();
        bursts++;
      }
      if (Math.floor(count / 1000) > Math.floor(last / 1000)) console.log(`  ${count} delivered`);
      last = count;
      await new Promise((r) => setTimeout(r, 500));
    }
    await cutover.notices.stop();
    const prefix = /^northwind~bench-\d+:reset:/;
    const deliveries = (
      await getJson<{ channel: string; at: string; noticeId?: string }[]>(
        `${world.simulatorUrl}/_simulator/notices.json`,
      )
    ).filter((d) => d.channel === 'teams' && d.noticeId !== undefined && prefix.test(d.noticeId));
    const ids = deliveries.map((d) => d.noticeId!);
    const unique = new Set(ids);
    const times = deliveries.map((d) => Date.parse(d.at));
    const rate = sustainedRate(times);
    const stats = await getJson(`${world.simulatorUrl}/_simulator/connector`);
    // The outbox's view: every notice should be `sent`, and exactly the delivered ones.
    const outbox = { sent: 0, pending: 0, failed: 0, sentButNotDelivered: 0 };
    for (const batchId of batchIds) {
      for (const notice of await readAll(ctx.repos.notices, { pk: batchId })) {
        if (notice.status === 'sent') outbox.sent++;
        else if (notice.status === 'failed') outbox.failed++;
        else outbox.pending++;
        if (notice.status === 'sent' && !unique.has(notice.id)) outbox.sentButNotDelivered++;
      }
    }
    const base = await baseline(world.simulatorUrl);
    const result = {
      notices: emails.length,
      delivered: ids.length,
      /** Still waiting (retries, Retry-After) when the measurement stopped; not lost: they stay in the outbox. */
      notDeliveredWhenMeasured: emails.length - unique.size,
      /** Neither delivered nor still in the outbox to be sent: failed, or marked sent without a delivery. */
      lost: outbox.failed + outbox.sentButNotDelivered,
      duplicated: ids.length - unique.size,
      outbox,
      allowedPerSecond: ALLOWED_PER_SECOND,
      sustainedPerSecond: round(rate),
      ratioToAllowed: round(rate / ALLOWED_PER_SECOND, 3),
      wallSeconds: round((Date.now() - started) / 1000),
      deliveredPerTenSeconds: perTenSeconds(times),
      connector: stats,
      throttlingEpisodes: bursts,
      baseline: {
        sender: 'bare botbuilder CloudAdapter, paced at 50/s',
        ...base,
        ratioToAllowed: round(base.ratePerSecond / ALLOWED_PER_SECOND, 3),
      },
      store: 'Cosmos DB (@vercel/cosmosdb-server in its own process; the simulator in another)',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(path.resolve(__dirname, 'results/notices.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await cutover.close();
    world.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
