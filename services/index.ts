import type { Logger } from 'pino';
import type { ConnectionConfig, CredentialConfig, TenantsFile } from './config/tenants';
import type { BatchEvents, ServiceContext, TenantSide } from './context';
import { createJobs, type Jobs } from './jobs/scheduler';
import { createLeaseManager } from './jobs/lease';
import {
  type ExchangeConnection,
  createCredential,
  createExchangeDirectory,
} from './providers/exchange-online';
import { createEngine } from './providers/engines';
import { createGraphDirectory, createGraphNotices } from './providers/graph';
import type { MigrationProvider } from './providers/migration-provider';
import type { DocumentStore } from './store/document-store';
import { repositories } from './store/repositories';
import { createSealer } from './secrets/sealed-text';

const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

export interface ServicesOptions {
  tenants: TenantsFile;
  store: DocumentStore;
  events: BatchEvents;
  log: Logger;
  /** Base URL used for tenants whose endpointUrl is "embedded" (the local simulator). */
  embeddedExchangeUrl?: string;
  /** Identifies this instance in leases. */
  instanceId: string;
  syncIntervalMs: number;
  intentIntervalMs: number;
  leaseTtlMs: number;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Base64 32-byte key for sealing staged passwords; a random per-process key without it. */
  sealingKey?: string;
  /** Where the variables the tenants file names are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Services {
  ctx: ServiceContext;
  jobs: Jobs;
}

/** The composition of the service layer: repositories, one provider per tenant, and the jobs. */
export function createServices(options: ServicesOptions): Services {
  const repos = repositories(options.store);
  const providers = new Map<string, MigrationProvider>();
  const byId = new Map(options.tenants.tenants.map((t) => [t.id, t]));
  let jobs: Jobs | undefined;

  /** Where a connection's HTTP goes: its own URL, or the local simulator for "embedded". */
  const baseUrlOf = (tenantId: string, connection: ConnectionConfig, kind: 'exchange' | 'graph') => {
    if (connection.endpointUrl === 'embedded') {
      if (!options.embeddedExchangeUrl)
        throw new Error(`tenant ${tenantId} uses the embedded simulator, but none is running`);
      return options.embeddedExchangeUrl;
    }
    return kind === 'exchange' ? connection.endpointUrl : (connection.graphUrl ?? DEFAULT_GRAPH_URL);
  };
  const connectionOf = (tenantId: string, side: TenantSide) => {
    const tenant = byId.get(tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return side === 'target' ? tenant.connection : tenant.crossTenant?.source;
  };
  const credentialOf = (tenantId: string, connection: ConnectionConfig) =>
    createCredential(exchangeConnection(tenantId, connection.credential, options.env ?? process.env));
  const memo = <T>(make: (tenantId: string, side: TenantSide) => T | undefined) => {
    const made = new Map<string, T | undefined>();
    return (tenantId: string, side: TenantSide = 'target') => {
      const key = `${tenantId}/${side}`;
      if (!made.has(key)) made.set(key, make(tenantId, side));
      return made.get(key);
    };
  };

  const notices = memo((tenantId) => {
    const connection = connectionOf(tenantId, 'target');
    if (!connection) return undefined;
    return createGraphNotices({
      baseUrl: baseUrlOf(tenantId, connection, 'graph'),
      credential: credentialOf(tenantId, connection),
      fetch: options.fetch,
      logger: options.log.child({ tenantId }),
    });
  });

  const ctx: ServiceContext = {
    repos,
    tenants: options.tenants,
    tenant: (id) => byId.get(id),
    provider(tenantId) {
      let provider = providers.get(tenantId);
      if (provider) return provider;
      const tenant = byId.get(tenantId);
      if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
      provider = createEngine(tenant.engine, {
        tenantId,
        exchange: () => ({
          baseUrl: baseUrlOf(tenantId, tenant.connection, 'exchange'),
          tenant: tenant.connection.tenant,
          credential: credentialOf(tenantId, tenant.connection),
        }),
        graph: () => ({
          baseUrl: baseUrlOf(tenantId, tenant.connection, 'graph'),
          credential: credentialOf(tenantId, tenant.connection),
        }),
        crossTenant: tenant.crossTenant && {
          sourceTenantId: tenant.crossTenant.sourceTenantId,
          targetTenantId: tenant.crossTenant.targetTenantId,
        },
        embeddedUrl: options.embeddedExchangeUrl,
        env: options.env ?? process.env,
        fetch: options.fetch,
        logger: options.log.child({ tenantId, engine: tenant.engine.kind }),
        now: options.now,
      });
      providers.set(tenantId, provider);
      return provider;
    },
    directory: memo((tenantId, side) => {
      const connection = connectionOf(tenantId, side);
      if (!connection) return undefined;
      return createExchangeDirectory({
        baseUrl: baseUrlOf(tenantId, connection, 'exchange'),
        tenant: connection.tenant,
        credential: credentialOf(tenantId, connection),
        fetch: options.fetch,
        logger: options.log.child({ tenantId, side }),
      });
    }),
    graphNotices: (tenantId) => notices(tenantId),
    graph: memo((tenantId, side) => {
      const connection = connectionOf(tenantId, side);
      if (!connection) return undefined;
      return createGraphDirectory({
        baseUrl: baseUrlOf(tenantId, connection, 'graph'),
        credential: credentialOf(tenantId, connection),
        fetch: options.fetch,
        logger: options.log.child({ tenantId, side }),
      });
    }),
    events: options.events,
    sealer: createSealer(options.sealingKey),
    now: options.now ?? (() => new Date()),
    log: options.log,
    kick: () => jobs?.kick(),
  };
  const leases = createLeaseManager(repos, { owner: options.instanceId, ttlMs: options.leaseTtlMs });
  jobs = createJobs(ctx, {
    leases,
    syncIntervalMs: options.syncIntervalMs,
    intentIntervalMs: options.intentIntervalMs,
  });
  return { ctx, jobs };
}

/** Resolves a tenant's credential config; a client secret is read from the variable the config names. */
export function exchangeConnection(
  tenantId: string,
  credential: CredentialConfig,
  env: NodeJS.ProcessEnv,
): ExchangeConnection {
  if (credential.kind !== 'secret') return credential;
  const clientSecret = env[credential.clientSecretEnv];
  if (!clientSecret) {
    throw new Error(
      `${credential.clientSecretEnv} is not set; tenant ${tenantId} reads its Exchange client secret from it`,
    );
  }
  return { kind: 'secret', tenantId: credential.tenantId, clientId: credential.clientId, clientSecret };
}

export { createBatch } from './workflow/create-batch';
export { attachCard } from './workflow/attach-card';
export { requestAction } from './workflow/request-action';
export { requestPreflight, viewPreflight } from './preflight/run-preflight';
export { preflightCsv } from './preflight/report-csv';
export { findBatch } from './workflow/find-batch';
export { listBatches, usersPage, userStatus, viewBatch, USERS_PAGE_SIZE } from './workflow/queries';
export { availableActions } from './workflow/batch-rules';
export { etaText } from './model/summary';
export type { Failure, Result } from './model/result';
