/**
 * The cost of a status sync on the MigrationWiz engine: a sync is `getBatch` then `listUsers` (every
 * page), as the status job runs it. Against the simulator with 2,000 extra merger mailboxes: create a
 * 2,000-item batch, submit a full pass, measure one sync while every pass is under way, move the
 * simulator's clock until every pass has finished, then measure syncs with nothing changed: MigrationWiz
 * requests per sync (counted in the simulator's call log) and time. Goal: at most 25 requests per
 * unchanged sync. Writes bench/results/migrationwiz-sync.json.   npm run bench:mwz-sync
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type MigrationProvider, readBatchAndUsers } from '../services/providers/migration-provider';
import { createMigrationWizEngine } from '../services/providers/migrationwiz';
import { startSimulator } from '../simulator';
import { ENV, mergerConfig } from '../test/services/providers/migrationwiz/simulator-world';

const ITEMS = 2000;
const CYCLES = 10;
const GOAL_CALLS = 25;
const DAY_MS = 86_400_000;

async function sync(engine: MigrationProvider, name: string) {
  const { batch, users } = await readBatchAndUsers(engine, name);
  return { batch, users: users.length };
}

async function main() {
  // The simulator's clock is the wall clock plus a shift the benchmark moves forward ("time passes").
  let shift = 0;
  const now = () => Date.now() + shift;
  const sim = await startSimulator({ now, mwzExtraMailboxes: ITEMS });
  const config = mergerConfig({ maxSimultaneousMigrations: 1000 });
  const engine = createMigrationWizEngine(config, {
    tenantId: 'contoso',
    exchange: () => {
      throw new Error('not used by MigrationWiz');
    },
    embeddedUrl: sim.url,
    env: ENV,
    logger: pino({ level: 'silent' }),
    now: () => new Date(now()),
  });
  const mwzCalls = () => sim.calls().filter((c) => c.cmdlet.startsWith('MigrationWiz:'));
  const measured = async <T>(work: () => Promise<T>) => {
    sim.clearCalls();
    const started = performance.now();
    const result = await work();
    const ms = Math.round(performance.now() - started);
    const calls = mwzCalls();
    const byRequest: Record<string, number> = {};
    for (const c of calls) byRequest[c.cmdlet] = (byRequest[c.cmdlet] ?? 0) + 1;
    return { result, ms, calls: calls.length, byRequest };
  };

  try {
    const listing = (await (await fetch(`${sim.url}/_simulator/migrationwiz`)).json()) as {
      workgroups: { id: string; mailboxes: { source: string; target: string }[] }[];
    };
    const mapping = (listing.workgroups.find((w) => w.id === config.workgroupId)?.mailboxes ?? [])
      .filter((m) => m.source.startsWith('bulk'))
      .slice(0, ITEMS);
    if (mapping.length !== ITEMS) throw new Error(`expected ${ITEMS} bulk mailboxes, got ${mapping.length}`);
    const name = 'Merger bulk';

    const create = await measured(() => engine.createBatch({ name, csv: '', mapping }));
    const firstSync = await measured(() => sync(engine, name));
    const submit = await measured(() => engine.submitPass!(name, { type: 'full', since: new Date(now()) }));
    shift += 5 * 60_000;
    const underWay = await measured(() => sync(engine, name));
    shift += 3 * DAY_MS;
    const catchUp = await measured(() => sync(engine, name));
    if (catchUp.result.batch?.status !== 'Completed' || catchUp.result.users !== ITEMS) {
      throw new Error(`the full pass did not finish: ${JSON.stringify(catchUp.result.batch)}`);
    }
    const idle = [];
    for (let i = 0; i < CYCLES; i++) idle.push(await measured(() => sync(engine, name)));

    const idleCalls = idle.map((c) => c.calls);
    const idleMs = idle.map((c) => c.ms).sort((a, b) => a - b);
    const results = {
      measuredAt: new Date().toISOString(),
      machine: `2 cores, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      items: ITEMS,
      maxSimultaneousMigrations: config.maxSimultaneousMigrations,
      create: { calls: create.calls, ms: create.ms, byRequest: create.byRequest },
      firstSync: { calls: firstSync.calls, ms: firstSync.ms, byRequest: firstSync.byRequest },
      submitFullPass: { calls: submit.calls, ms: submit.ms, submitted: submit.result.submitted },
      syncWhileUnderWay: {
        calls: underWay.calls,
        ms: underWay.ms,
        byRequest: underWay.byRequest,
        batch: underWay.result.batch?.status,
        active: underWay.result.batch?.activeCount,
      },
      catchUpSync: { calls: catchUp.calls, ms: catchUp.ms, byRequest: catchUp.byRequest },
      unchangedSync: {
        cycles: CYCLES,
        callsPerCycle: idleCalls,
        maxCalls: Math.max(...idleCalls),
        byRequest: idle[0]?.byRequest,
        medianMs: idleMs[Math.floor(CYCLES / 2)],
        maxMs: idleMs.at(-1),
      },
      goalCalls: GOAL_CALLS,
      pass: Math.max(...idleCalls) <= GOAL_CALLS,
    };
    const file = path.join(__dirname, 'results', 'migrationwiz-sync.json');
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    if (!results.pass) process.exitCode = 1;
  } finally {
    await sim.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
