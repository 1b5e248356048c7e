import type { TokenCredential } from '@azure/identity';
import pino from 'pino';
import type { EngineError } from '../../../../services/errors';
import {
  type GraphCrossTenantEngineConfig,
  graphCrossTenantEngineSchema,
} from '../../../../services/providers/graph-cross-tenant/config';
import { createGraphCrossTenantProvider } from '../../../../services/providers/graph-cross-tenant';
import type { MigrationProvider } from '../../../../services/providers/migration-provider';
import { type SimulatorHandle, startSimulator } from '../../../../simulator';

export const CONTOSO_TENANT_ID = '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01';
export const START = Date.parse('2026-07-01T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const ENDPOINT = 'Contoso-CrossTenant';
export const DELIVERY_DOMAIN = 'northwindtraders.mail.onmicrosoft.com';

export const STATIC_TOKEN: TokenCredential = {
  getToken: async () => ({ token: 'local-simulator', expiresOnTimestamp: Date.now() + HOUR }),
};

export interface SimCall {
  cmdlet: string;
  parameters: Record<string, unknown>;
  status: number;
}

export interface GraphWorld {
  sim: SimulatorHandle;
  engine: MigrationProvider;
  config: GraphCrossTenantEngineConfig;
  clock: { now: number };
  advance(ms: number): void;
  /** Northwind's MailUsers (the target users), in the simulator's order. */
  mailUsers: string[];
  defects: { email: string; defect: string }[];
  /** Every wait the engine asked for (Retry-After, backoff, polls), in ms. */
  sleeps: number[];
  /** Calls to the migration-job API (or those whose name ends with `suffix`, e.g. `/migrate`). */
  jobCalls(suffix?: string): SimCall[];
  /** Every Graph call the simulator logged. */
  graphCalls(): SimCall[];
  close(): Promise<void>;
}

export function engineConfig(
  extra: Partial<GraphCrossTenantEngineConfig> = {},
): GraphCrossTenantEngineConfig {
  return graphCrossTenantEngineSchema.parse({ kind: 'graph-cross-tenant', ...extra });
}

/**
 * The simulator on a clock the test moves, and the engine for Northwind (the target) on it. The
 * engine's waits are recorded and move the clock (a poll waits simulated time) instead of sleeping.
 */
export async function startGraphWorld(
  options: {
    config?: Partial<GraphCrossTenantEngineConfig>;
    extraMailUsers?: number;
    fetch?: typeof fetch;
  } = {},
): Promise<GraphWorld> {
  const clock = { now: START };
  const sim = await startSimulator({ now: () => clock.now, extraMailUsers: options.extraMailUsers });
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.now += ms;
  };
  const config = engineConfig(options.config);
  const engine = createGraphCrossTenantProvider({
    config,
    http: {
      baseUrl: sim.url,
      credential: STATIC_TOKEN,
      sleep,
      fetch: options.fetch,
      logger: pino({ level: 'silent' }),
    },
    sourceTenantId: CONTOSO_TENANT_ID,
    now: () => new Date(clock.now),
    sleep,
    pollMs: 30_000,
    waitMs: 30 * MINUTE,
    logger: pino({ level: 'silent' }),
  });
  const tenants = (await (await fetch(`${sim.url}/_simulator/tenants`)).json()) as {
    name: string;
    recipients: { email: string; recipientType: string }[];
  }[];
  const northwind = tenants.find((t) => t.name === 'northwindtraders');
  const mailUsers = (northwind?.recipients ?? [])
    .filter((r) => r.recipientType === 'MailUser')
    .map((r) => r.email);
  const defects = (
    (await (await fetch(`${sim.url}/_simulator/defects`)).json()) as {
      tenant: string;
      email: string;
      defect: string;
    }[]
  ).filter((d) => d.tenant === 'northwindtraders');
  const calls = () =>
    sim
      .calls()
      .filter((c) => c.cmdlet.startsWith('Graph:') || c.cmdlet.startsWith('GET '))
      .map((c) => ({
        cmdlet: c.cmdlet,
        parameters: c.parameters as Record<string, unknown>,
        status: c.status,
      }));
  return {
    sim,
    engine,
    config,
    clock,
    advance: (ms) => {
      clock.now += ms;
    },
    mailUsers,
    defects,
    sleeps,
    jobCalls: (suffix) =>
      calls().filter(
        (c) =>
          c.cmdlet.includes('crossTenantMigrationJobs') &&
          (suffix === undefined || c.cmdlet.endsWith(suffix)),
      ),
    graphCalls: calls,
    close: () => sim.close(),
  };
}

export function csvOf(addresses: readonly string[]): string {
  return ['EmailAddress', ...addresses].join('\r\n') + '\r\n';
}

export async function rejection(work: Promise<unknown>): Promise<EngineError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as EngineError;
}
