import path from 'node:path';
import { z } from 'zod';
import { type StoreConfig, StoreConfigError, storeConfigFromEnv } from '../services/store/store-config';

/** The bot's port, and the embedded simulator's: fixed, so the simulator's URL survives a restart. */
export const DEFAULT_PORT = 3978;
export const DEFAULT_SIMULATOR_PORT = 3979;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const seconds = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(86_400)
    .optional()
    .transform((v) => v ?? fallback);

/**
 * Every environment variable the bot reads. Names are the ones Azure Bot
 * Service and App Service use (MicrosoftAppId, ...) plus the product's own.
 */
const envSchema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .transform((v) => v ?? DEFAULT_PORT),
  HOST: z.string().min(1).optional(),
  ALLOW_UNAUTHENTICATED_REMOTE: bool,
  MicrosoftAppId: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).optional(),
  MicrosoftAppTenantId: z.string().optional(),
  TENANTS_FILE: z.string().min(1).optional(),
  STORE: z
    .enum(['local', 'cosmos'])
    .optional()
    .transform((v) => v ?? 'local'),
  DATA_DIR: z.string().min(1).optional(),
  EXCHANGE_SIMULATOR_URL: z.string().url().optional(),
  EXCHANGE_SIMULATOR_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .transform((v) => v ?? DEFAULT_SIMULATOR_PORT),
  EXCHANGE_SIMULATOR_SPEED: z.coerce
    .number()
    .positive()
    .optional()
    .transform((v) => v ?? 60),
  SYNC_INTERVAL_SECONDS: seconds(15),
  INTENT_INTERVAL_SECONDS: seconds(5),
  LEASE_SECONDS: seconds(60),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .transform((v) => v ?? 'info'),
  INSTANCE_ID: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  EXPORT_LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  STAGED_PASSWORD_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      '32 random bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional(),
  EXPORT_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

export type Env = z.infer<typeof envSchema>;

export interface BotConfig {
  port: number;
  host: string;
  auth: {
    appId?: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';
    tenantId?: string;
  };
  tenantsFile: string;
  usesDemoTenants: boolean;
  /** Local file store or Cosmos DB, from STORE, DATA_DIR and COSMOS_* (services/store/store-config.ts). */
  store: StoreConfig;
  dataDir: string;
  /**
   * For tenants whose endpointUrl is "embedded": a running simulator's URL, or start one in-process on
   * `port` (3979 unless EXCHANGE_SIMULATOR_PORT says otherwise; 0 picks a free port).
   */
  simulator: { url?: string; port: number; speed: number };
  syncIntervalMs: number;
  intentIntervalMs: number;
  leaseTtlMs: number;
  logLevel: Env['LOG_LEVEL'];
  instanceId: string;
  /** Report download links: the address people reach the bot at, the signing key and lifetime. */
  exports: { publicUrl?: string; secret?: string; ttlMs: number };
  /** Seals a staged batch's passwords until Exchange has them; random per process when unset. */
  stagedPasswordKey?: string;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

export { StoreConfigError };

export const DEMO_TENANTS_FILE = path.resolve(__dirname, '../config/tenants.demo.json');
/** The variable the demo tenants' MigrationWiz accounts read their password from (local mode gives it). */
export const DEMO_ENGINE_PASSWORD_VARIABLE = 'MIGRATIONWIZ_DEMO_PASSWORD';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Validates the environment once, at start. The message names the variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): BotConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(
      `${name} is invalid: ${issue.message}${env[name] !== undefined && !/PASSWORD|SECRET|KEY/i.test(name) ? ` (got "${env[name]}")` : ''}`,
    );
  }
  const e = parsed.data;
  const authOn = Boolean(e.MicrosoftAppId);
  const host = e.HOST ?? (authOn ? '0.0.0.0' : '127.0.0.1');
  if (!authOn && !LOOPBACK.has(host) && !e.ALLOW_UNAUTHENTICATED_REMOTE) {
    throw new ConfigError(
      `HOST is ${host} but MicrosoftAppId is not set, so bot authentication is off. Set MicrosoftAppId (and MicrosoftAppPassword), bind to 127.0.0.1, or set ALLOW_UNAUTHENTICATED_REMOTE=true if you really mean to accept unauthenticated traffic.`,
    );
  }
  const appType = e.MicrosoftAppType ?? 'MultiTenant';
  if (authOn && appType !== 'UserAssignedMsi' && !e.MicrosoftAppPassword) {
    throw new ConfigError(
      'MicrosoftAppPassword is missing; it is required with MicrosoftAppId unless MicrosoftAppType=UserAssignedMsi.',
    );
  }
  if (authOn && appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError(
      `MicrosoftAppTenantId is missing; it is required when MicrosoftAppType=${appType}.`,
    );
  }
  return {
    port: e.PORT,
    host,
    auth: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
    },
    tenantsFile: e.TENANTS_FILE ? path.resolve(cwd, e.TENANTS_FILE) : DEMO_TENANTS_FILE,
    usesDemoTenants: !e.TENANTS_FILE,
    store: storeConfigFromEnv(env, cwd),
    dataDir: path.resolve(cwd, e.DATA_DIR ?? '.data'),
    simulator: {
      url: e.EXCHANGE_SIMULATOR_URL,
      port: e.EXCHANGE_SIMULATOR_PORT,
      speed: e.EXCHANGE_SIMULATOR_SPEED,
    },
    syncIntervalMs: e.SYNC_INTERVAL_SECONDS * 1000,
    intentIntervalMs: e.INTENT_INTERVAL_SECONDS * 1000,
    leaseTtlMs: e.LEASE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    instanceId: e.INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    stagedPasswordKey: e.STAGED_PASSWORD_KEY,
    exports: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      secret: e.EXPORT_LINK_SECRET,
      ttlMs: e.EXPORT_LINK_MINUTES * 60_000,
    },
  };
}
