/**
 * How fast an Approve invoke is answered while Exchange is slow: the provider is slowed to 10 s per
 * call, and the final approval of each batch records the start; the call itself runs afterwards.
 * Baseline: a bare botbuilder bot answering the same invoke. Writes bench/results/approve-latency.json.
 *
 *   npm run bench:approve
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

const BATCHES = Number(process.env.BENCH_APPROVALS ?? 60);
const PROVIDER_LATENCY_MS = 10_000;

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
  const simulator = await startSimulator({ speed: 20_000, extraMailUsers: BATCHES * 2 });
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
    const emails = await northwindUsers(simulator.url, BATCHES * 2);
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
