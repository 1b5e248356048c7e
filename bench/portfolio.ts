/**
 * The hoster's scale (seed 000):
 * - a store with 50 tenants and 500 batches: the portfolio card (query and render, first page) in
 *   under 100 ms, and every page under 40 KB;
 * - one status-sync cycle across 25 batches of 2,000 users each (50,000 users): how many Exchange
 *   calls it makes (at most 100), counted at the simulator.
 * Writes bench/results/portfolio.json.   npm run bench:portfolio
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { portfolioCard } from '../cards/portfolio';
import { createServices } from '../services';
import { parseTenantsFile } from '../services/config/tenants';
import type { Batch } from '../services/model/batch';
import { createLocalFileStore } from '../services/store/local-file-store';
import { PORTFOLIO_FILTERS, portfolio } from '../services/workflow/portfolio';
import { startSimulator } from '../simulator';
import { manyTenants, seedPortfolio } from '../test/support/portfolio-store';
import { testServiceContext } from '../test/support/service-context';

const TENANTS = 50;
const BATCHES_PER_TENANT = 10;
const RUNS = 30;
const SYNC_BATCHES = 25;
const USERS_PER_BATCH = 2_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function portfolioRender() {
  const { ctx } = await testServiceContext({ tenants: manyTenants(TENANTS), now: () => new Date() });
  await seedPortfolio(ctx, { tenants: TENANTS, batchesPerTenant: BATCHES_PER_TENANT });
  const render = async (page: number) => {
    const result = await portfolio(ctx, { id: 'admin-1' }, { page });
    if (!result.ok) throw new Error(result.code);
    return { result, card: portfolioCard({ ...result, filters: PORTFOLIO_FILTERS }) };
  };
  await render(1); // warm up: the template's first expansion, the store's first read
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await render(1);
    times.push(performance.now() - started);
  }
  const { result } = await render(1);
  const pageBytes: number[] = [];
  for (let page = 1; page <= result.pageCount; page++)
    pageBytes.push(Buffer.byteLength(JSON.stringify((await render(page)).card)));
  return {
    tenants: TENANTS,
    batches: TENANTS * BATCHES_PER_TENANT,
    tenantsPerPage: result.lines.length,
    pages: result.pageCount,
    runs: RUNS,
    medianMs: round(median(times)),
    maxMs: round(Math.max(...times)),
    largestPageBytes: Math.max(...pageBytes),
    pageBytes,
  };
}

async function syncCycle() {
  const simulator = await startSimulator({ speed: 1, extraMailUsers: SYNC_BATCHES * USERS_PER_BATCH });
  // Northwind alone: its cross-tenant batches on Exchange Online's move service.
  const demo = parseTenantsFile(
    JSON.parse(await readFile(path.resolve(__dirname, '../config/tenants.demo.json'), 'utf8')),
  );
  const tenants = { ...demo, tenants: demo.tenants.filter((t) => t.id === 'northwind') };
  const store = createLocalFileStore(await mkdtemp(path.join(tmpdir(), 'cutover-bench-portfolio-')));
  await store.init();
  const services = createServices({
    tenants,
    store,
    events: {
      async batchChanged() {},
      async milestone() {},
      async approvalChanged() {},
      async preflightFinished() {},
      async helpRequested() {},
    },
    log: pino({ level: 'silent' }),
    embeddedExchangeUrl: simulator.url,
    instanceId: 'bench-portfolio',
    syncIntervalMs: 3_600_000,
    intentIntervalMs: 3_600_000,
    leaseTtlMs: 60_000,
  });
  try {
    const listing = (await (
      await fetch(`${simulator.url}/_simulator/tenants?tenant=northwindtraders`)
    ).json()) as {
      recipients: { email: string; recipientType: string }[];
    }[];
    const users = listing[0]!.recipients.filter((r) => r.recipientType === 'MailUser').map((r) => r.email);
    const provider = services.ctx.provider('northwind');
    const now = new Date().toISOString();
    for (let i = 0; i < SYNC_BATCHES; i++) {
      const name = `Bulk${String(i + 1).padStart(2, '0')}`;
      const emails = users.slice(i * USERS_PER_BATCH, (i + 1) * USERS_PER_BATCH);
      await provider.createBatch({
        name,
        csv: ['EmailAddress', ...emails].join('\r\n'),
        sourceEndpoint: 'Contoso-CrossTenant',
        targetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
      });
      const batch: Batch = {
        id: `northwind~${name.toLowerCase()}`,
        pk: 'northwind',
        type: 'batch',
        tenantId: 'northwind',
        name,
        nameKey: name.toLowerCase(),
        scenario: 'cross-tenant',
        version: 1,
        state: 'Created',
        userCount: emails.length,
        createdBy: { id: 'bench' },
        createdAt: now,
        updatedAt: now,
      };
      await services.ctx.repos.batches.create(batch);
    }
    process.stderr.write(`${SYNC_BATCHES} batches created in Exchange and the store\n`);
    const cycle = async () => {
      simulator.clearCalls();
      const started = performance.now();
      await services.jobs.syncAll();
      const calls = simulator.calls();
      const byCmdlet: Record<string, number> = {};
      for (const call of calls) byCmdlet[call.cmdlet] = (byCmdlet[call.cmdlet] ?? 0) + 1;
      return { exchangeCalls: calls.length, byCmdlet, ms: Math.round(performance.now() - started) };
    };
    const first = await cycle();
    const unchanged = await cycle();
    const stored = await services.ctx.repos.batches.read('northwind', 'northwind~bulk25');
    return {
      batches: SYNC_BATCHES,
      usersPerBatch: USERS_PER_BATCH,
      usersSyncedInLastBatch: stored?.summary?.total ?? 0,
      firstCycle: first,
      unchangedCycle: unchanged,
    };
  } finally {
    await services.jobs.stop();
    await simulator.close();
  }
}

async function main() {
  const render = await portfolioRender();
  process.stderr.write(
    `portfolio: ${render.medianMs} ms median, largest page ${render.largestPageBytes} bytes\n`,
  );
  const sync = await syncCycle();
  const result = {
    measuredAt: new Date().toISOString(),
    machine: `2 cores, Node ${process.version}`,
    portfolio: { ...render, underTarget: render.medianMs < 100 && render.largestPageBytes < 40_000 },
    sync: {
      ...sync,
      underTarget: Math.max(sync.firstCycle.exchangeCalls, sync.unchangedCycle.exchangeCalls) <= 100,
    },
  };
  await writeFile(path.resolve(__dirname, 'results/portfolio.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
