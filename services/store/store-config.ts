import https from 'node:https';
import path from 'node:path';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { CutoverError } from '../errors';
import type { OtherContainer } from './cosmos-init';
import { createCosmosStore } from './cosmos-store';
import type { DocumentStore } from './document-store';
import { createLocalFileStore } from './local-file-store';

export type CosmosAuth =
  | { kind: 'key'; key: string }
  | { kind: 'identity'; managedIdentityClientId?: string };

export type StoreConfig =
  | { kind: 'local'; dataDir: string }
  | {
      kind: 'cosmos';
      endpoint: string;
      databaseId: string;
      auth: CosmosAuth;
      /** Accept a self-signed certificate: loopback test servers only. */
      allowSelfSigned: boolean;
    };

/** One bad or missing variable. The message names it and the fix, and never holds a secret. */
export class StoreConfigError extends CutoverError {
  readonly code = 'config_invalid';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDPOINT_EXAMPLE = 'https://<account>.documents.azure.com:443/';

/** Trims; an empty value counts as unset. */
const text = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() || undefined : value),
  z.string().optional(),
);

const flag = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], {
      errorMap: () => ({ message: 'COSMOS_ALLOW_SELF_SIGNED must be true or false' }),
    })
    .optional()
    .transform((value) => value === 'true' || value === '1' || value === 'yes'),
);

const storeEnvSchema = z
  .object({
    STORE: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
      z
        .enum(['local', 'cosmos'], {
          errorMap: () => ({ message: 'STORE must be "local" or "cosmos" (unset means local)' }),
        })
        .default('local'),
    ),
    DATA_DIR: text,
    COSMOS_ENDPOINT: text,
    COSMOS_KEY: text,
    COSMOS_DATABASE: text,
    COSMOS_ALLOW_SELF_SIGNED: flag,
    COSMOS_MANAGED_IDENTITY_CLIENT_ID: text,
    AZURE_CLIENT_ID: text,
    AZURE_CLIENT_SECRET: text,
    AZURE_CLIENT_CERTIFICATE_PATH: text,
    AZURE_FEDERATED_TOKEN_FILE: text,
  })
  .superRefine((env, ctx) => {
    if (env.STORE !== 'cosmos') return;
    const problem = cosmosProblem(env);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.variable], message: problem.message });
  });

type StoreEnv = z.infer<typeof storeEnvSchema>;

/**
 * Reads the store settings from the environment: STORE (local|cosmos, default
 * local), DATA_DIR (default .data, resolved against `cwd`), COSMOS_ENDPOINT,
 * COSMOS_KEY (without it: Microsoft Entra ID, a managed identity when
 * COSMOS_MANAGED_IDENTITY_CLIENT_ID or AZURE_CLIENT_ID names one),
 * COSMOS_DATABASE (default cutover) and COSMOS_ALLOW_SELF_SIGNED.
 * Throws one StoreConfigError for the first problem.
 */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): StoreConfig {
  const parsed = storeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreConfigError(String(issue?.path[0] ?? 'STORE'), issue?.message ?? 'invalid store settings');
  }
  const e = parsed.data;
  if (e.STORE === 'local') return { kind: 'local', dataDir: path.resolve(cwd, e.DATA_DIR ?? '.data') };
  return {
    kind: 'cosmos',
    endpoint: e.COSMOS_ENDPOINT as string,
    databaseId: e.COSMOS_DATABASE ?? 'cutover',
    auth: e.COSMOS_KEY
      ? { kind: 'key', key: e.COSMOS_KEY }
      : { kind: 'identity', managedIdentityClientId: managedIdentityClientId(e) },
    allowSelfSigned: e.COSMOS_ALLOW_SELF_SIGNED,
  };
}

/** Builds the configured backend. Call `init()` on it before use. */
export function createStore(
  config: StoreConfig,
  options: { alsoEnsure?: readonly OtherContainer[] } = {},
): DocumentStore {
  if (config.kind === 'local') return createLocalFileStore(config.dataDir);
  const selfSigned = config.allowSelfSigned && config.endpoint.startsWith('https:');
  return createCosmosStore({
    endpoint: config.endpoint,
    databaseId: config.databaseId,
    key: config.auth.kind === 'key' ? config.auth.key : undefined,
    credential:
      config.auth.kind === 'identity' ? credentialFor(config.auth.managedIdentityClientId) : undefined,
    agent: selfSigned ? new https.Agent({ rejectUnauthorized: false }) : undefined,
    init: { alsoEnsure: options.alsoEnsure },
  });
}

/** Managed identity when a client id is given, else DefaultAzureCredential (managed identity in Azure, developer sign-in locally). */
export function credentialFor(managedIdentityClientId: string | undefined): TokenCredential {
  return managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: managedIdentityClientId })
    : new DefaultAzureCredential();
}

/** AZURE_CLIENT_ID names a managed identity unless a secret, certificate or federated token goes with it. */
function managedIdentityClientId(e: StoreEnv): string | undefined {
  if (e.COSMOS_MANAGED_IDENTITY_CLIENT_ID) return e.COSMOS_MANAGED_IDENTITY_CLIENT_ID;
  const servicePrincipal =
    e.AZURE_CLIENT_SECRET || e.AZURE_CLIENT_CERTIFICATE_PATH || e.AZURE_FEDERATED_TOKEN_FILE;
  return servicePrincipal ? undefined : e.AZURE_CLIENT_ID;
}

function cosmosProblem(e: StoreEnv): { variable: string; message: string } | undefined {
  const endpoint = e.COSMOS_ENDPOINT;
  if (!endpoint) {
    return {
      variable: 'COSMOS_ENDPOINT',
      message: `COSMOS_ENDPOINT is missing; set it to the account URL (${ENDPOINT_EXAMPLE}) or use STORE=local`,
    };
  }
  if (/AccountKey=/i.test(endpoint)) {
    return {
      variable: 'COSMOS_ENDPOINT',
      message:
        'COSMOS_ENDPOINT holds a connection string; set COSMOS_ENDPOINT to the account URL and put the key in COSMOS_KEY',
    };
  }
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  const loopback = url ? LOOPBACK_HOSTS.has(url.hostname) : false;
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
    return {
      variable: 'COSMOS_ENDPOINT',
      message: `COSMOS_ENDPOINT is not an https URL; set it to the account URL (${ENDPOINT_EXAMPLE}) (plain http only for a local server on 127.0.0.1)`,
    };
  }
  if (e.COSMOS_ALLOW_SELF_SIGNED && !loopback) {
    return {
      variable: 'COSMOS_ALLOW_SELF_SIGNED',
      message:
        'COSMOS_ALLOW_SELF_SIGNED=true is only for a local test server; remove it, or point COSMOS_ENDPOINT at 127.0.0.1 or localhost',
    };
  }
  const database = e.COSMOS_DATABASE;
  if (database !== undefined && (database.length > 255 || /[/\\#?]/.test(database))) {
    return {
      variable: 'COSMOS_DATABASE',
      message: 'COSMOS_DATABASE is not a valid database id; use up to 255 characters without / \\ # or ?',
    };
  }
  const clientId = e.COSMOS_MANAGED_IDENTITY_CLIENT_ID;
  if (!e.COSMOS_KEY && clientId && !GUID.test(clientId)) {
    return {
      variable: 'COSMOS_MANAGED_IDENTITY_CLIENT_ID',
      message:
        'COSMOS_MANAGED_IDENTITY_CLIENT_ID is not a client id; set it to the GUID of the user-assigned managed identity, or unset it',
    };
  }
  return undefined;
}
