import path from 'node:path';
import { z } from 'zod';
import { type StoreConfig, StoreConfigError, storeConfigFromEnv } from '../services/store/store-config';

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
    .transform((v) => v ?? 3978),
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
    .transform((v) => v ?? 0),
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
  /** For tenants whose endpointUrl is "embedded": a running simulator's URL, or start one in-process. */
  simulator: { url?: string; port: number; speed: number };
  syncIntervalMs: number;
  intentIntervalMs: number;
  leaseTtlMs: number;
  logLevel: Env['LOG_LEVEL'];
  instanceId: string;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

export { StoreConfigError };

export const DEMO_TENANTS_FILE = path.resolve(__dirname, '../config/tenants.demo.json');

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
  };
}
