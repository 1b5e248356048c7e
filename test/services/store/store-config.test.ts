import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { describe, expect, it } from 'vitest';
import {
  createStore,
  type StoreConfig,
  StoreConfigError,
  storeConfigFromEnv,
} from '../../../services/store/store-config';
import { startCosmosTestServer } from './cosmos-test-server';

const ENDPOINT = 'https://contoso-cutover.documents.azure.com:443/';
const KEY = 'c2VjcmV0LWtleS12YWx1ZS1mb3ItdGVzdHM=';
const CLIENT_ID = '5b1c3f7e-2a4d-4c1e-9f0a-0d6e8b7c6a51';

function configError(env: NodeJS.ProcessEnv): StoreConfigError {
  try {
    storeConfigFromEnv(env, '/srv/cutover');
  } catch (error) {
    if (error instanceof StoreConfigError) return error;
    throw error;
  }
  throw new Error('expected a StoreConfigError');
}

describe('storeConfigFromEnv', () => {
  it('defaults to the local store under .data, resolved against the working directory', () => {
    expect(storeConfigFromEnv({}, '/srv/cutover')).toEqual({ kind: 'local', dataDir: '/srv/cutover/.data' });
    expect(storeConfigFromEnv({ STORE: ' ', DATA_DIR: 'state' }, '/srv/cutover')).toEqual({
      kind: 'local',
      dataDir: '/srv/cutover/state',
    });
    expect(storeConfigFromEnv({ STORE: 'LOCAL', DATA_DIR: '/var/lib/cutover' }, '/srv')).toEqual({
      kind: 'local',
      dataDir: '/var/lib/cutover',
    });
  });

  it('reads a key-authenticated Cosmos DB account with the default database', () => {
    expect(storeConfigFromEnv({ STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_KEY: KEY })).toEqual({
      kind: 'cosmos',
      endpoint: ENDPOINT,
      databaseId: 'cutover',
      auth: { kind: 'key', key: KEY },
      allowSelfSigned: false,
    });
  });

  it('uses Microsoft Entra ID without a key, with the managed identity the environment names', () => {
    const base = { STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_DATABASE: 'cutover-prod' };
    const auth = (env: NodeJS.ProcessEnv) => {
      const config = storeConfigFromEnv({ ...base, ...env });
      return config.kind === 'cosmos' ? config.auth : undefined;
    };
    expect(auth({})).toEqual({ kind: 'identity', managedIdentityClientId: undefined });
    expect(auth({ COSMOS_MANAGED_IDENTITY_CLIENT_ID: CLIENT_ID })).toEqual({
      kind: 'identity',
      managedIdentityClientId: CLIENT_ID,
    });
    expect(auth({ AZURE_CLIENT_ID: CLIENT_ID })).toEqual({
      kind: 'identity',
      managedIdentityClientId: CLIENT_ID,
    });
    expect(auth({ AZURE_CLIENT_ID: CLIENT_ID, AZURE_CLIENT_SECRET: 'sp-secret' })).toEqual({
      kind: 'identity',
      managedIdentityClientId: undefined,
    });
    expect(storeConfigFromEnv({ ...base })).toMatchObject({ databaseId: 'cutover-prod' });
  });

  it('allows plain http and a self-signed certificate only on loopback', () => {
    expect(
      storeConfigFromEnv({
        STORE: 'cosmos',
        COSMOS_ENDPOINT: 'https://127.0.0.1:8081/',
        COSMOS_KEY: KEY,
        COSMOS_ALLOW_SELF_SIGNED: 'true',
      }),
    ).toMatchObject({ allowSelfSigned: true });
    expect(
      storeConfigFromEnv({ STORE: 'cosmos', COSMOS_ENDPOINT: 'http://localhost:3000', COSMOS_KEY: KEY }),
    ).toMatchObject({ endpoint: 'http://localhost:3000', allowSelfSigned: false });
  });

  it.each<[string, NodeJS.ProcessEnv, string, RegExp]>([
    [
      'a missing endpoint',
      { STORE: 'cosmos' },
      'COSMOS_ENDPOINT',
      /^COSMOS_ENDPOINT is missing; .*or use STORE=local$/,
    ],
    ['an unknown store', { STORE: 'mongo' }, 'STORE', /^STORE must be "local" or "cosmos"/],
    [
      'plain http to a remote host',
      { STORE: 'cosmos', COSMOS_ENDPOINT: 'http://contoso.documents.azure.com/' },
      'COSMOS_ENDPOINT',
      /not an https URL/,
    ],
    [
      'a non-URL endpoint',
      { STORE: 'cosmos', COSMOS_ENDPOINT: 'contoso' },
      'COSMOS_ENDPOINT',
      /not an https URL/,
    ],
    [
      'a self-signed certificate on a remote host',
      { STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_ALLOW_SELF_SIGNED: 'true' },
      'COSMOS_ALLOW_SELF_SIGNED',
      /only for a local test server/,
    ],
    [
      'a flag that is not a boolean',
      { STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_ALLOW_SELF_SIGNED: 'maybe' },
      'COSMOS_ALLOW_SELF_SIGNED',
      /must be true or false/,
    ],
    [
      'a database id with a slash',
      { STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_DATABASE: 'a/b' },
      'COSMOS_DATABASE',
      /not a valid database id/,
    ],
    [
      'a managed identity client id that is not a GUID',
      { STORE: 'cosmos', COSMOS_ENDPOINT: ENDPOINT, COSMOS_MANAGED_IDENTITY_CLIENT_ID: 'my-identity' },
      'COSMOS_MANAGED_IDENTITY_CLIENT_ID',
      /GUID of the user-assigned managed identity/,
    ],
  ])('throws one error naming the variable and the fix for %s', (_, env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(message);
  });

  it('never puts the key in a message, even when it is pasted into the endpoint', () => {
    const connectionString = `AccountEndpoint=${ENDPOINT};AccountKey=${KEY};`;
    const pasted = configError({ STORE: 'cosmos', COSMOS_ENDPOINT: connectionString });
    expect(pasted.message).toMatch(/COSMOS_ENDPOINT holds a connection string/);
    expect(pasted.message).not.toContain(KEY);
    const other = configError({ STORE: 'cosmos', COSMOS_ENDPOINT: 'ftp://x', COSMOS_KEY: KEY });
    expect(other.message).not.toContain(KEY);
    expect(JSON.stringify(other)).not.toContain(KEY);
  });
});

describe('createStore', () => {
  it('builds the local store in the configured directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cutover-config-'));
    try {
      const store = createStore({ kind: 'local', dataDir: dir });
      await store.init();
      await store.container<{ id: string; pk: string }>('leases').create({ id: 'l', pk: 'l' });
      await store.close();
      const saved = JSON.parse(await readFile(path.join(dir, 'leases.json'), 'utf8')) as { id: string }[];
      expect(saved.map((doc) => doc.id)).toEqual(['l']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds the Cosmos DB store with an account key', async () => {
    const server = await startCosmosTestServer();
    const config = storeConfigFromEnv({ STORE: 'cosmos', COSMOS_ENDPOINT: server.endpoint, COSMOS_KEY: KEY });
    const store = createStore(config);
    try {
      await store.init();
      const created = await store
        .container<{ id: string; pk: string }>('leases')
        .create({ id: 'l', pk: 'l' });
      expect(await store.container('leases').read('l', 'l')).toEqual(created);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('reaches an HTTPS test server with an expired certificate only when self-signed is allowed', async () => {
    const server = createHttpsServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const config = (allow: string): StoreConfig =>
      storeConfigFromEnv({
        STORE: 'cosmos',
        COSMOS_ENDPOINT: endpoint,
        COSMOS_KEY: KEY,
        COSMOS_ALLOW_SELF_SIGNED: allow,
        COSMOS_DATABASE: 'tls',
      });
    const trusting = createStore(config('true'));
    const strict = createStore(config('false'));
    try {
      await trusting.init();
      const created = await trusting
        .container<{ id: string; pk: string }>('leases')
        .create({ id: 'l', pk: 'l' });
      expect(created.id).toBe('l');
      await expect(strict.container('leases').read('l', 'l')).rejects.toThrow(/certificate/i);
    } finally {
      await trusting.close();
      await strict.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
