import type { Logger } from 'pino';
import type { CredentialConfig, TenantsFile } from './config/tenants';
import type { BatchEvents, ServiceContext } from './context';
import { createJobs, type Jobs } from './jobs/scheduler';
import { createLeaseManager } from './jobs/lease';
import {
  type ExchangeConnection,
  createCredential,
  createExchangeOnlineProvider,
} from './providers/exchange-online';
import type { MigrationProvider } from './providers/migration-provider';
import type { DocumentStore } from './store/document-store';
import { repositories } from './store/repositories';

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

  const ctx: ServiceContext = {
    repos,
    tenants: options.tenants,
    tenant: (id) => byId.get(id),
    provider(tenantId) {
      let provider = providers.get(tenantId);
      if (provider) return provider;
      const tenant = byId.get(tenantId);
      if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
      const { endpointUrl } = tenant.connection;
      const baseUrl = endpointUrl === 'embedded' ? options.embeddedExchangeUrl : endpointUrl;
      if (!baseUrl) throw new Error(`tenant ${tenantId} uses the embedded simulator, but none is running`);
      provider = createExchangeOnlineProvider({
        baseUrl,
        tenant: tenant.connection.tenant,
        credential: createCredential(
          exchangeConnection(tenant.id, tenant.connection.credential, process.env),
        ),
        fetch: options.fetch,
        logger: options.log.child({ tenantId }),
      });
      providers.set(tenantId, provider);
      return provider;
    },
    events: options.events,
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
export { findBatch } from './workflow/find-batch';
export { listBatches, usersPage, userStatus, viewBatch, USERS_PAGE_SIZE } from './workflow/queries';
export { availableActions } from './workflow/batch-rules';
export { etaText } from './model/summary';
export type { Failure, Result } from './workflow/results';
