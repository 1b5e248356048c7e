/**
 * Message throughput: how many `batch status` commands Cutover answers per second at 10 concurrent
 * requests, against a bare botbuilder echo bot answering the same activities. Each bot runs in its own
 * process (Cutover as `npm start` runs it: local store, info logs to stdout); this process sends the
 * load and runs the Exchange simulator; a third process stands in for the Bot Connector the replies go
 * to. Rounds alternate — N
 * requests to the echo bot, then N to Cutover, repeated — so machine load falls on both alike.
 * Reports requests per second and p50/p99 latency of each, and the ratios (Cutover / echo).
 * Writes bench/results/throughput.json; exits with 1 when the throughput ratio is under 0.8.
 *
 *   npm run bench:throughput          (BENCH_ROUNDS=10, BENCH_REQUESTS=300 per round, BENCH_CONCURRENCY=10)
 *   BENCH_PROFILE=1 npm run bench:throughput    (also writes a CPU profile of Cutover to .data/profiles)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../simulator';
import { makeMessage, postActivity } from '../test/support/activities';
import { tempDir } from '../test/support/cutover';
import { northwindUsers } from '../test/support/simulator-data';
import { percentile } from './baseline-bot';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const WARMUP_ROUNDS = 2;
const GOAL = 0.8;
const COMMAND = 'batch status Bench';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Bot {
  url: string;
  /** Asks the process something over IPC (the connector: `count`). */
  ask(message: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts one bot (or the connector) in its own process; its stdout (Cutover's log) goes to /dev/null. */
async function startBot(
  kind: 'cutover' | 'baseline' | 'connector',
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<Bot> {
  const child: ChildProcess = fork(path.resolve(__dirname, 'throughput-bot.ts'), [], {
    execArgv: [...process.execArgv, ...execArgv],
    env: { ...process.env, ...env, BENCH_BOT: kind },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string }));
    child.once('exit', (code) => reject(new Error(`the ${kind} bot exited with ${code}`)));
  });
  return {
    url: ready.url,
    ask: (message) =>
      new Promise((resolve) => {
        child.once('message', (answer) => resolve(answer as Record<string, unknown>));
        child.send(message);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

/**
 * `count` requests, `concurrency` at a time (one conversation each), until the connector has also had
 * the `connectorCalls` they cause; requests per second, latencies, and the bot process's CPU time per
 * request (user + system: what other load on the machine does not add).
 */
async function runRound(bot: Bot, connector: Bot, count: number, connectorCalls: number) {
  const connectorUrl = connector.url;
  const cpuBefore = (await bot.ask('cpu')).cpu as NodeJS.CpuUsage;
  const callsBefore = (await connector.ask('count')).count as number;
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const worker = async (lane: number) => {
    while (next < count) {
      next++;
      const activity = makeMessage({
        text: COMMAND,
        serviceUrl: connectorUrl,
        conversationId: `bench-lane-${lane}`,
      });
      const t = process.hrtime.bigint();
      const answer = await postActivity(bot.url, activity);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (answer.status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, lane) => worker(lane)));
  // The round ends when what the requests caused reached the connector too (Cutover marks the card
  // each status supersedes after answering): work left over would otherwise run in the next round.
  const expected = callsBefore + connectorCalls;
  const deadline = Date.now() + 30_000;
  let calls = callsBefore;
  while (calls < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    calls = (await connector.ask('count')).count as number;
  }
  if (calls < expected) failed += expected - calls;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = (await bot.ask('cpu')).cpu as NodeJS.CpuUsage;
  const cpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;
  return { perSecond: count / seconds, latencies, failed, cpuMsPerRequest: cpuMs / count };
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

function summary(rounds: Awaited<ReturnType<typeof runRound>>[]) {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    perSecondByRound: rounds.map((r) => round(r.perSecond)),
    perSecondMedian: round(median(rounds.map((r) => r.perSecond))),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    cpuMsPerRequestMedian: round(median(rounds.map((r) => r.cpuMsPerRequest)), 3),
  };
}

async function main(): Promise<void> {
  const connector = await startBot('connector', {});
  // Exchange Online is remote in production: the simulator runs here, not in Cutover's process.
  const simulator = await startSimulator({ speed: 20_000 });
  const profileDir = path.resolve(__dirname, '../.data/profiles');
  const cutover = await startBot(
    'cutover',
    {
      PORT: '0',
      EXCHANGE_SIMULATOR_URL: simulator.url,
      DATA_DIR: await tempDir('cutover-bench-throughput-'),
    },
    process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const echo = await startBot('baseline', {});
  try {
    // One batch to ask about, created through the bot like an admin would.
    const [first, second] = await northwindUsers(simulator.url, 2);
    const created = await postActivity(
      cutover.url,
      makeMessage({
        text: `batch create Bench --tenant northwind --scenario cross-tenant\nEmailAddress\n${first}\n${second}`,
        serviceUrl: connector.url,
      }),
    );
    if (created.status !== 200) throw new Error(`batch create answered ${created.status}`);

    const echoRounds: Awaited<ReturnType<typeof runRound>>[] = [];
    const cutoverRounds: Awaited<ReturnType<typeof runRound>>[] = [];
    for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
      // The echo bot posts one reply per request; Cutover a reply and the update of the card it
      // supersedes in that lane's conversation (the first card of each lane supersedes none).
      const e = await runRound(echo, connector, REQUESTS, REQUESTS);
      const c = await runRound(cutover, connector, REQUESTS, 2 * REQUESTS - (r === 0 ? CONCURRENCY : 0));
      if (r < WARMUP_ROUNDS) continue;
      echoRounds.push(e);
      cutoverRounds.push(c);
      console.log(
        `  round ${r - WARMUP_ROUNDS + 1}: echo ${round(e.perSecond)}/s (${round(e.cpuMsPerRequest, 3)} ms CPU each), Cutover ${round(c.perSecond)}/s (${round(c.cpuMsPerRequest, 3)} ms CPU each)`,
      );
    }
    const echoSummary = summary(echoRounds);
    const cutoverSummary = summary(cutoverRounds);
    const ratios = cutoverRounds.map((c, i) => c.perSecond / echoRounds[i]!.perSecond);
    const result = {
      command: COMMAND,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      requestsPerRound: REQUESTS,
      echo: echoSummary,
      cutover: cutoverSummary,
      /** Cutover's throughput over the echo bot's, round by round (each pair run back to back). */
      throughputRatioByRound: ratios.map((r) => round(r, 2)),
      throughputRatio: round(median(ratios), 2),
      /** The median rates' ratio: less sensitive to a round pair split by a burst of other load. */
      ratioOfMedians: round(
        median(cutoverRounds.map((r) => r.perSecond)) / median(echoRounds.map((r) => r.perSecond)),
        2,
      ),
      latencyRatioP50: round(cutoverSummary.p50Ms / echoSummary.p50Ms, 2),
      /** The echo bot's CPU time per request over Cutover's (medians): the ratio a CPU-bound bot would reach. */
      cpuRatio: round(echoSummary.cpuMsPerRequestMedian / cutoverSummary.cpuMsPerRequestMedian, 2),
      goal: `throughput ratio at least ${GOAL}`,
      pass: median(ratios) >= GOAL && cutoverSummary.failed === 0,
      repliesAtConnector: (await connector.ask('count')).count,
      setup:
        'each bot and the connector stand-in in its own process; Cutover with the local store and info logs to stdout (/dev/null); load and Exchange simulator in this one',
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: round(os.loadavg()[0]!) },
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(
      path.resolve(__dirname, 'results/throughput.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    if (!result.pass) process.exitCode = 1;
  } finally {
    await cutover.close();
    await echo.close();
    await connector.close();
    await simulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
