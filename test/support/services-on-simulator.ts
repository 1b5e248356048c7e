import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createServices, type Services } from '../../services';
import type { TenantsFile } from '../../services/config/tenants';
import { createLocalFileStore } from '../../services/store/local-file-store';
import { type SimulatorHandle, startSimulator } from '../../simulator';

/**
 * The real services on a fresh local store, with the simulator as Exchange, for tests that call
 * service or handler functions directly (no Teams, no HTTP). Events do nothing; the jobs run only
 * when a service kicks them (their intervals are a minute).
 */
export async function startServicesOnSimulator(options: {
  tenants: TenantsFile;
  name: string;
}): Promise<{ sim: SimulatorHandle; services: Services; close(): Promise<void> }> {
  const sim = await startSimulator({});
  const store = createLocalFileStore(await mkdtemp(path.join(tmpdir(), `cutover-${options.name}-`)));
  await store.init();
  const services = createServices({
    tenants: options.tenants,
    store,
    events: {
      async batchChanged() {},
      async milestone() {},
      async approvalChanged() {},
      async preflightFinished() {},
      async helpRequested() {},
    },
    log: pino({ level: 'silent' }),
    embeddedExchangeUrl: sim.url,
    instanceId: `${options.name}-test`,
    syncIntervalMs: 60_000,
    intentIntervalMs: 60_000,
    leaseTtlMs: 30_000,
  });
  return {
    sim,
    services,
    async close() {
      await services.jobs.stop();
      await sim.close();
    },
  };
}
