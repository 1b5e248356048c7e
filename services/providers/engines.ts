import type { TokenCredential } from '@azure/identity';
import type { Logger } from 'pino';
import type { EngineConfig, EngineKind } from './engine-config';
import type { MigrationProvider } from './migration-provider';
import { createGraphCrossTenantEngine } from './graph-cross-tenant';
import { createMigrationWizEngine } from './migrationwiz';
import { createExchangeOnlineProvider } from './exchange-online';

export { type EngineConfig, type EngineKind, engineSchema, engineVariables } from './engine-config';

/** What an engine factory gets from the composition: where HTTP goes, the tenant's credential, a log. */
export interface EngineDeps {
  tenantId: string;
  /** The tenant's Exchange Online connection: its base URL, tenant and credential. */
  exchange: () => { baseUrl: string; tenant: string; credential: TokenCredential };
  /** The tenant's Microsoft Graph connection: its base URL and credential (absent: none configured). */
  graph?: () => { baseUrl: string; credential: TokenCredential };
  /** The tenant's cross-tenant pair (`crossTenant` in the tenants file), when it has one. */
  crossTenant?: { sourceTenantId: string; targetTenantId: string };
  /** The local simulator's base URL, for engines configured with `embedded`. */
  embeddedUrl?: string;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  logger: Logger;
  now?: () => Date;
}

type Factory<C extends EngineConfig> = (config: C, deps: EngineDeps) => MigrationProvider;

/** The registry: one factory per engine kind. */
const FACTORIES: { [K in EngineKind]: Factory<Extract<EngineConfig, { kind: K }>> } = {
  'exchange-online': (_config, deps) =>
    createExchangeOnlineProvider({ ...deps.exchange(), fetch: deps.fetch, logger: deps.logger }),
  migrationwiz: createMigrationWizEngine,
  'graph-cross-tenant': createGraphCrossTenantEngine,
};

/** The provider for a tenant's engine configuration. */
export function createEngine(config: EngineConfig, deps: EngineDeps): MigrationProvider {
  return (FACTORIES[config.kind] as Factory<EngineConfig>)(config, deps);
}
