import pino from 'pino';
import type { EngineError } from '../../../../services/errors';
import type { MigrationProvider } from '../../../../services/providers/migration-provider';
import { createMigrationWizEngine } from '../../../../services/providers/migrationwiz';
import {
  type MigrationWizEngineConfig,
  migrationWizEngineSchema,
} from '../../../../services/providers/migrationwiz/config';
import { type SimulatorHandle, startSimulator } from '../../../../simulator';

/** The seeded merger workgroup of the simulator (seed 002) and its API account. */
export const MERGER_WORKGROUP = '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31';
export const MERGER_ACCOUNT = 'migration@contoso.com';
export const START = Date.parse('2025-03-03T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ENV = {
  MWZ_API_PASSWORD: 'local-simulator',
  MWZ_FABRIKAM_ADMIN: 'Fabrikam-Admin-Secret-1',
  MWZ_CONTOSO_ADMIN: 'Contoso-Admin-Secret-2',
};

export interface SeededMailbox {
  source: string;
  target: string;
  defect?: 'bad-source-credentials' | 'item-errors' | 'needs-user';
}

export interface MwzWorld {
  sim: SimulatorHandle;
  engine: MigrationProvider;
  config: MigrationWizEngineConfig;
  /** The clock both the simulator and the engine read; move it with `advance`. */
  clock: { now: number };
  advance(ms: number): void;
  mailboxes: SeededMailbox[];
  /** Calls the simulator logged as MigrationWiz requests: all, or those named `MigrationWiz:<Type>:<Entity>`. */
  mwzCalls(name?: string): { cmdlet: string; parameters: Record<string, unknown>; status: number }[];
  close(): Promise<void>;
}

export function mergerConfig(extra: Partial<MigrationWizEngineConfig> = {}): MigrationWizEngineConfig {
  return migrationWizEngineSchema.parse({
    kind: 'migrationwiz',
    url: 'embedded',
    workgroupId: MERGER_WORKGROUP,
    account: { emailAddress: MERGER_ACCOUNT, passwordEnv: 'MWZ_API_PASSWORD' },
    source: {
      type: 'Office365',
      adminUsername: 'admin@fabrikam.onmicrosoft.com',
      adminPasswordEnv: 'MWZ_FABRIKAM_ADMIN',
    },
    target: {
      type: 'Office365',
      adminUsername: 'admin@contoso.onmicrosoft.com',
      adminPasswordEnv: 'MWZ_CONTOSO_ADMIN',
    },
    ...extra,
  });
}

/** The simulator on a clock the test moves, and a MigrationWiz engine for the merger workgroup on it. */
export async function startMwzWorld(
  options: { mwzExtraMailboxes?: number; speed?: number; config?: Partial<MigrationWizEngineConfig> } = {},
): Promise<MwzWorld> {
  const clock = { now: START };
  const sim = await startSimulator({
    now: () => clock.now,
    speed: options.speed,
    mwzExtraMailboxes: options.mwzExtraMailboxes,
  });
  const config = mergerConfig(options.config);
  const engine = createMigrationWizEngine(config, {
    tenantId: 'contoso',
    exchange: () => {
      throw new Error('not used by MigrationWiz');
    },
    embeddedUrl: sim.url,
    env: ENV,
    logger: pino({ level: 'silent' }),
    now: () => new Date(clock.now),
  });
  const listing = (await (await fetch(`${sim.url}/_simulator/migrationwiz`)).json()) as {
    workgroups: { id: string; mailboxes: SeededMailbox[] }[];
  };
  const mailboxes = (listing.workgroups.find((w) => w.id === MERGER_WORKGROUP)?.mailboxes ?? []).map(
    ({ source, target, defect }) => ({ source, target, ...(defect ? { defect } : {}) }),
  );
  return {
    sim,
    engine,
    config,
    clock,
    advance: (ms) => {
      clock.now += ms;
    },
    mailboxes,
    mwzCalls: (name) =>
      sim
        .calls()
        .filter((c) => (name === undefined ? c.cmdlet.startsWith('MigrationWiz:') : c.cmdlet === name))
        .map((c) => ({
          cmdlet: c.cmdlet,
          parameters: c.parameters as Record<string, unknown>,
          status: c.status,
        })),
    close: () => sim.close(),
  };
}

export async function rejection(work: Promise<unknown>): Promise<EngineError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as EngineError;
}
