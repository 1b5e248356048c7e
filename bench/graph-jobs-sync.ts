/**
 * The cost of a status sync on the Graph cross-tenant migration-job engine: a sync is `getBatch` then
 * `listUsers` (every page), as the status job runs it. Against the simulator with 2,000 extra
 * Northwind MailUsers: create a 2,000-user job (`maxUsersPerJob: 2000`), let its validation pass,
 * migrate, move the simulator's clock until every user is synced, then measure syncs with nothing
 * changed: Graph requests per sync (the simulator's call log) and time. Goal: the job read once and its
 * users in pages of 999, nothing else, under 1 s. Also measured: the first sync of an engine that
 * restarted (it looks each user's address up once). Writes bench/results/graph-jobs-sync.json.
 *   npm run bench:graph-sync
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createGraphCrossTenantProvider } from '../services/providers/graph-cross-tenant';
import { type MigrationProvider, readBatchAndUsers } from '../services/providers/migration-provider';
import {
  CONTOSO_TENANT_ID,
  csvOf,
  DAY,
  DELIVERY_DOMAIN,
  ENDPOINT,
  engineConfig,
  STATIC_TOKEN,
  startGraphWorld,
} from '../test/services/providers/graph-cross-tenant/graph-world';

const USERS = 2000;
const CYCLES = 10;
/** One read of the job and ceil(2000 / 999) = 3 pages of users. */
const GOAL_CALLS = 1 + Math.ceil(USERS / 999);
const GOAL_MS = 1000;

async function sync(engine: MigrationProvider, name: string) {
  const { batch, users } = await readBatchAndUsers(engine, name);
  return { batch, users: users.length };
}

async function main() {
  const world = await startGraphWorld({ extraMailUsers: USERS, config: { maxUsersPerJob: USERS } });
  const measured = async <T>(work: () => Promise<T>) => {
    world.sim.clearCalls();
    const started = performance.now();
    const result = await work();
    const ms = Math.round(performance.now() - started);
    const calls = world.graphCalls();
    const byRequest: Record<string, number> = {};
    for (const c of calls) byRequest[c.cmdlet] = (byRequest[c.cmdlet] ?? 0) + 1;
    return { result, ms, calls: calls.length, byRequest };
  };
  try {
    const defective = new Set(world.defects.map((d) => d.email.toLowerCase()));
    const movers = world.mailUsers.filter((m) => !defective.has(m.toLowerCase())).slice(-USERS - 3, -3);
    if (movers.length !== USERS) throw new Error(`expected ${USERS} MailUsers, got ${movers.length}`);
    const name = 'Northwind bulk';
    const create = await measured(() =>
      world.engine.createBatch({
        name,
        csv: csvOf(movers),
        sourceEndpoint: ENDPOINT,
        targetDeliveryDomain: DELIVERY_DOMAIN,
      }),
    );
    if (create.result.totalCount !== USERS) throw new Error(`created ${create.result.totalCount} users`);
    const start = await measured(() => world.engine.startBatch(name));
    world.advance(DAY);
    const catchUp = await measured(() => sync(world.engine, name));
    if (catchUp.result.batch?.status !== 'Synced' || catchUp.result.users !== USERS) {
      throw new Error(`the job is not synced: ${JSON.stringify(catchUp.result.batch)}`);
    }
    const idle = [];
    for (let i = 0; i < CYCLES; i++) idle.push(await measured(() => sync(world.engine, name)));

    // An engine that restarted knows no addresses: its first sync looks each user up once.
    const restarted = createGraphCrossTenantProvider({
      config: engineConfig({ maxUsersPerJob: USERS }),
      http: { baseUrl: world.sim.url, credential: STATIC_TOKEN, logger: pino({ level: 'silent' }) },
      sourceTenantId: CONTOSO_TENANT_ID,
      now: () => new Date(world.clock.now),
    });
    const afterRestart = await measured(() => sync(restarted, name));
    const nextAfterRestart = await measured(() => sync(restarted, name));

    const idleCalls = idle.map((c) => c.calls);
    const idleMs = idle.map((c) => c.ms).sort((a, b) => a - b);
    const results = {
      measuredAt: new Date().toISOString(),
      machine: `2 cores, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      users: USERS,
      maxUsersPerJob: USERS,
      create: { calls: create.calls, ms: create.ms, byRequest: create.byRequest },
      validateAndMigrate: { calls: start.calls, ms: start.ms, byRequest: start.byRequest },
      catchUpSync: { calls: catchUp.calls, ms: catchUp.ms, batch: catchUp.result.batch?.status },
      unchangedSync: {
        cycles: CYCLES,
        callsPerCycle: idleCalls,
        maxCalls: Math.max(...idleCalls),
        byRequest: idle[0]?.byRequest,
        medianMs: idleMs[Math.floor(CYCLES / 2)],
        maxMs: idleMs.at(-1),
      },
      firstSyncAfterRestart: {
        calls: afterRestart.calls,
        ms: afterRestart.ms,
        byRequest: afterRestart.byRequest,
      },
      secondSyncAfterRestart: { calls: nextAfterRestart.calls, ms: nextAfterRestart.ms },
      goal: { calls: GOAL_CALLS, ms: GOAL_MS },
      pass: Math.max(...idleCalls) <= GOAL_CALLS && (idleMs.at(-1) ?? 0) < GOAL_MS,
    };
    const file = path.join(__dirname, 'results', 'graph-jobs-sync.json');
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    if (!results.pass) process.exitCode = 1;
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
