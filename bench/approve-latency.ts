/**
 * How fast an Approve invoke is answered while Exchange is slow: the provider is slowed to 10 s per
 * call, and the final approval of each batch records the start; the call itself runs afterwards.
 * Baseline: a bare botbuilder bot answering the same invoke. Writes bench/results/approve-latency.json.
 * Each batch holds two Northwind users that pass preflight (the simulator's seeded defects left out).
 *
 *   npm run bench:approve             (60 approvals)
 *   BENCH_APPROVALS=20 npm run bench:approve
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { startCutover } from '../bot/runtime';
import { startSimulator } from '../simulator';
import { makeInvoke, makeMessage, postActivity, USERS } from '../test/support/activities';
import { startConnectorCapture } from '../test/support/connector';
import { eventually, FAST_JOBS, tempDir } from '../test/support/cutover';
import { northwindUsers } from '../test/support/simulator-data';
import { percentile, startBaselineBot } from './baseline-bot';

const BATCHES = approvalsFrom(process.env.BENCH_APPROVALS);
const USERS_PER_BATCH = 2;
const PROVIDER_LATENCY_MS = 10_000;

function approvalsFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 60;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) {
    throw new Error(`BENCH_APPROVALS must be a whole number from 1 to 500; got "${value}"`);
  }
  return n;
}

/**
 * Northwind MailUsers that pass preflight: the simulator's seeded defects (GET /_simulator/defects)
 * are left out, since a batch with one of them cannot be started.
 */
async function readyUsers(simulatorUrl: string, count: number): Promise<string[]> {
  const response = await fetch(`${simulatorUrl}/_simulator/defects`);
  const defects = (await response.json()) as { email: string }[];
  const defective = new Set(defects.map((d) => d.email.toLowerCase()));
  const all = await northwindUsers(simulatorUrl, Number.MAX_SAFE_INTEGER);
  const ready = all.filter((email) => !defective.has(email.toLowerCase()));
  if (ready.length < count) {
    throw new Error(
      `The simulator has ${ready.length} Northwind users ready for a batch; ${count} are needed. Lower BENCH_APPROVALS.`,
    );
  }
  return ready.slice(0, count);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const simulator = await startSimulator({ speed: 20_000, extraMailUsers: BATCHES * USERS_PER_BATCH });
  const connector = await startConnectorCapture();
  const cutover = await startCutover({
    env: {
      PORT: '0',
      DATA_DIR: await tempDir('cutover-bench-'),
      EXCHANGE_SIMULATOR_URL: simulator.url,
      LOG_LEVEL: 'silent',
      ...FAST_JOBS,
    },
    log: pino({ level: 'silent' }),
  });
  const baseline = await startBaselineBot();
  try {
    const emails = await readyUsers(simulator.url, BATCHES * USERS_PER_BATCH);
    const say = (text: string) => postActivity(cutover.url, makeMessage({ text, serviceUrl: connector.url }));
    for (let i = 0; i < BATCHES; i++) {
      await say(
        `batch create Bench${i} --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails[2 * i]}\n${emails[2 * i + 1]}`,
      );
    }
    const repos = cutover.services.ctx.repos;
    await eventually(
      async () => {
        const created = await repos.batches.query({ where: { state: 'Created' }, pageSize: 1000 });
        return created.items.length === BATCHES;
      },
      120_000,
      'all batches created',
    );
    for (let i = 0; i < BATCHES; i++) await say(`batch start Bench${i}`);
    const approvals = await eventually(
      async () => {
        const page = await repos.approvals.query({ where: { status: 'pending' }, pageSize: 1000 });
        return page.items.length === BATCHES ? page.items : undefined;
      },
      60_000,
      'all approvals',
    );

    simulator.faults.latency(PROVIDER_LATENCY_MS);
    const cutoverTimes: number[] = [];
    for (const approval of approvals) {
      const invoke = makeInvoke({
        verb: 'approval.approve',
        data: { approvalId: approval.id, batchId: approval.batchId, version: approval.batchVersion },
        from: USERS.megan,
        serviceUrl: connector.url,
      });
      cutoverTimes.push(await timed(() => postActivity(cutover.url, invoke)));
    }
    const baselineTimes: number[] = [];
    for (let i = 0; i < BATCHES; i++) {
      const invoke = makeInvoke({ verb: 'approval.approve', data: { n: i }, serviceUrl: connector.url });
      baselineTimes.push(await timed(() => postActivity(baseline.url, invoke)));
    }
    const approved = await repos.approvals.query({ where: { status: 'approved' }, pageSize: 1000 });
    const result = {
      measuredAt: new Date().toISOString(),
      machine: '2 cores, Node ' + process.version,
      providerLatencyMs: PROVIDER_LATENCY_MS,
      approvals: BATCHES,
      approvedRecorded: approved.items.length,
      cutover: summary(cutoverTimes),
      baseline: summary(baselineTimes),
      ratioP50: round(summary(cutoverTimes).p50 / summary(baselineTimes).p50),
      ratioP99: round(summary(cutoverTimes).p99 / summary(baselineTimes).p99),
      goal: 'p99 under 250 ms',
    };
    const file = path.resolve(__dirname, 'results/approve-latency.json');
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    simulator.faults.latency(0);
    await baseline.close();
    await cutover.close();
    await connector.close();
    await simulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
