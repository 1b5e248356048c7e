/**
 * The notice fan-out from two Cutover instances at once, each in its own process, on one Cosmos DB
 * store and one simulated Bot Connector that enforces Teams' 50 sends per second per tenant: 10,000
 * "reset your profile" notices recorded in the outbox, then delivered by both instances' workers
 * together. Each instance alone would pace at 48 per second; the shared send budget in the store keeps
 * them to one budget for the tenant. One-second throttling episodes (every post refused with 429) as
 * the fan-out starts and every 2,000 deliveries. Reports the sustained rate of both together against
 * the allowed 50/s, the most deliveries in any second, each instance's share, lost and duplicated
 * notices, 429s outside the injected episodes, and the budget's store writes.
 * Writes bench/results/notices-two-instances.json.
 *
 *   npm run bench:notices:two        (BENCH_NOTICES=10000)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
  type OutsideWorld,
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
const BURST_EVERY = 2_000;
const DATABASE = 'bench-notices-two';

interface Instance {
  id: string;
  send(line: string): void;
  /** Resolves with the next JSON line the instance prints that has `key`. */
  next(key: string): Promise<Record<string, unknown>>;
  kill(): void;
}

async function startInstance(world: OutsideWorld, id: string): Promise<Instance> {
  const env = {
    ...process.env,
    ...cutoverEnv(world, await tempDir(`cutover-bench-${id}-`), DATABASE),
    INSTANCE_ID: id,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, path.resolve(__dirname, 'notice-instance.ts')],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiting: { key: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      const index = waiting.findIndex((w) => w.key in line);
      if (index >= 0) waiting.splice(index, 1)[0]!.resolve(line);
      else lines.push(line);
    }
  });
  child.once('exit', (code) => {
    if (code) console.error(`  ${id} exited with ${code}`);
  });
  const instance: Instance = {
    id,
    send: (line) => child.stdin!.write(`${line}\n`),
    next: (key) =>
      new Promise((resolve) => {
        const index = lines.findIndex((line) => key in line);
        if (index >= 0) resolve(lines.splice(index, 1)[0]!);
        else waiting.push({ key, resolve });
      }),
    kill: () => child.kill('SIGTERM'),
  };
  await instance.next('url');
  return instance;
}

async function main(): Promise<void> {
  const world = await startOutsideWorld(NOTICES);
  // This process only records the notices (its worker never runs); the two instances send them.
  const admin = await startCutover({
    env: cutoverEnv(world, await tempDir('cutover-bench-two-'), DATABASE),
    log: pino({ level: 'silent' }),
    startJobs: false,
  });
  const instances: Instance[] = [];
  try {
    instances.push(
      ...(await Promise.all(['instance-a', 'instance-b'].map((id) => startInstance(world, id)))),
    );
    const emails = (await northwindUsers(world.simulatorUrl, REGULAR + NOTICES)).slice(REGULAR);
    const ctx = admin.services.ctx;
    const batchIds = await fillOutbox(ctx, emails);
    await throttlingEpisode(world.simulatorUrl);
    const startLoad = round(os.loadavg()[0]!);
    const started = Date.now();
    for (const instance of instances) instance.send('start');
    const bursts = await watchDeliveries(world.simulatorUrl, emails.length, BURST_EVERY);
    for (const instance of instances) instance.send('stop');
    const stopped = await Promise.all(instances.map((instance) => instance.next('stopped')));
    const wallSeconds = round((Date.now() - started) / 1000);

    const deliveries = await benchDeliveries(world.simulatorUrl);
    const ids = deliveries.map((d) => d.noticeId!);
    const unique = new Set(ids);
    const times = deliveries.map((d) => Date.parse(d.at));
    const rate = sustainedRate(times);
    const connector = await getJson<{ refused: Record<string, number> }>(
      `${world.simulatorUrl}/_simulator/connector`,
    );
    const { outbox, sentBy } = await outboxView(ctx, batchIds, unique);
    const budget = await ctx.repos.sendBudgets.read('notices:northwind', 'notices:northwind');
    const refusedOutsideEpisodes = Object.entries(connector.refused)
      .filter(([reason]) => reason !== 'injected')
      .reduce((sum, [, n]) => sum + n, 0);
    const result = {
      instances: instances.length,
      notices: emails.length,
      delivered: ids.length,
      notDeliveredWhenMeasured: emails.length - unique.size,
      lost: outbox.failed + outbox.sentButNotDelivered,
      duplicated: ids.length - unique.size,
      outbox,
      sentByInstance: sentBy,
      allowedPerSecond: ALLOWED_PER_SECOND,
      sustainedPerSecond: round(rate),
      ratioToAllowed: round(rate / ALLOWED_PER_SECOND, 3),
      maxInAnySecond: maxInAnySecond(times),
      /** 429s from the connector's own limits (not the injected episodes): Teams would have throttled. */
      refusedOutsideEpisodes,
      wallSeconds,
      deliveredPerTenSeconds: perTenSeconds(times),
      connector,
      throttlingEpisodes: bursts,
      /** Store writes for the shared send budget: one per claimed block of up to 48 slots. */
      sendBudgetClaims: budget?.claims ?? 0,
      /** Each instance's send budget: blocks claimed, slots claimed, used, and gone by unused. */
      sendBudgetByInstance: Object.fromEntries(
        instances.map((instance, i) => [instance.id, stopped[i]!.sendStats]),
      ),
      /** The machine's load average (1 min) as the fan-out started and as it ended. */
      loadAverage: { start: startLoad, end: round(os.loadavg()[0]!) },
      goal: 'both instances together at least 45/s, 0 lost, 0 duplicated, no 429 outside the injected episodes',
      pass:
        rate >= 45 &&
        outbox.failed + outbox.sentButNotDelivered === 0 &&
        ids.length === unique.size &&
        refusedOutsideEpisodes === 0,
      store:
        'Cosmos DB (@vercel/cosmosdb-server in its own process; the simulator in another; each instance in its own)',
      machine: { cpus: os.cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(
      path.resolve(__dirname, 'results/notices-two-instances.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    if (!result.pass) process.exitCode = 1;
  } finally {
    for (const instance of instances) instance.kill();
    await admin.close();
    world.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
