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
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from 'botbuilder';
import pino from 'pino';
import { startCutover } from '../bot/runtime';
import { tempDir } from '../test/support/cutover';
import { northwindUsers } from '../test/support/simulator-data';
import {
  ALLOWED_PER_SECOND,
  benchDeliveries,
  cutoverEnv,
  fillOutbox,
  getJson,
  maxInAnySecond,
  outboxView,
  perTenSeconds,
  REGULAR,
  round,
  startOutsideWorld,
  sustainedRate,
  throttlingEpisode,
  watchDeliveries,
} from './notices-world';

const NOTICES = Number(process.env.BENCH_NOTICES ?? 10_000);
const BASELINE = Number(process.env.BENCH_BASELINE ?? 2_000);
/** A one-second throttling episode every this many deliveries. */
const BURST_EVERY = 2_000;

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

async function main(): Promise<void> {
  const world = await startOutsideWorld(NOTICES);
  const cutover = await startCutover({
    env: cutoverEnv(world, await tempDir('cutover-bench-notices-'), 'bench-notices'),
    log: pino({ level: 'silent' }),
    startJobs: false,
  });
  try {
    const emails = (await northwindUsers(world.simulatorUrl, REGULAR + NOTICES)).slice(REGULAR);
    const ctx = cutover.services.ctx;
    const batchIds = await fillOutbox(ctx, emails);
    // Throttling episodes on top of the connector's own limits: for one second every activity post gets
    // 429 (Retry-After: the rest of the episode), as the fan-out starts and then every BURST_EVERY
    // deliveries.
    await throttlingEpisode(world.simulatorUrl);
    const startLoad = round(os.loadavg()[0]!);
    const started = Date.now();
    cutover.notices.start();
    const bursts = await watchDeliveries(world.simulatorUrl, emails.length, BURST_EVERY);
    await cutover.notices.stop();
    const sendStats = cutover.notices.sendStats();
    const deliveries = await benchDeliveries(world.simulatorUrl);
    const ids = deliveries.map((d) => d.noticeId!);
    const unique = new Set(ids);
    const times = deliveries.map((d) => Date.parse(d.at));
    const rate = sustainedRate(times);
    const stats = await getJson(`${world.simulatorUrl}/_simulator/connector`);
    const { outbox } = await outboxView(ctx, batchIds, unique);
    const budget = await ctx.repos.sendBudgets.read('notices:northwind', 'notices:northwind');
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
      maxInAnySecond: maxInAnySecond(times),
      wallSeconds: round((Date.now() - started) / 1000),
      deliveredPerTenSeconds: perTenSeconds(times),
      connector: stats,
      throttlingEpisodes: bursts,
      /** Store writes for the shared send budget: one per claimed block of slots. */
      sendBudgetClaims: budget?.claims ?? 0,
      /** The send budget: blocks claimed, slots claimed, used, and gone by unused. */
      sendBudget: sendStats.northwind,
      /** The machine's load average (1 min) as the fan-out started and as it ended. */
      loadAverage: { start: startLoad, end: round(os.loadavg()[0]!) },
      baseline: {
        sender: 'bare botbuilder CloudAdapter, paced at 50/s',
        ...base,
        ratioToAllowed: round(base.ratePerSecond / ALLOWED_PER_SECOND, 3),
      },
      store: 'Cosmos DB (@vercel/cosmosdb-server in its own process; the simulator in another)',
      machine: { cpus: os.cpus().length, node: process.version },
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
