import type { EngineDeps } from '../engines';
import type { MigrationProvider } from '../migration-provider';
import type { GraphCrossTenantEngineConfig } from './config';
import { createGraphCrossTenantProvider } from './graph-cross-tenant-engine';
import { createJobsClient, ENGINE_NAME, type JobsClient } from './jobs-client';
import { EngineError } from '../../errors';

export {
  createGraphCrossTenantProvider,
  type GraphCrossTenantEngineOptions,
} from './graph-cross-tenant-engine';
export { createJobsClient, type JobsClient } from './jobs-client';

/**
 * A client made on first use from the tenant's Graph connection, so that a tenant whose connection
 * cannot be made (an embedded simulator that does not run) is refused call by call with the reason.
 */
function lazyClient(config: GraphCrossTenantEngineConfig, deps: EngineDeps): JobsClient {
  let client: JobsClient | undefined;
  const get = (): JobsClient => {
    if (client) return client;
    if (!deps.graph)
      throw new EngineError(ENGINE_NAME, 'connect', 'The tenant has no Microsoft Graph connection.', false);
    let connection: ReturnType<NonNullable<EngineDeps['graph']>>;
    try {
      connection = deps.graph();
    } catch (error) {
      throw new EngineError(ENGINE_NAME, 'connect', (error as Error).message, false);
    }
    client = createJobsClient(
      {
        ...connection,
        fetch: deps.fetch,
        logger: deps.logger,
        engine: 'graph-cross-tenant',
      },
      config.apiVersion,
    );
    return client;
  };
  return {
    getJob: async (...args) => get().getJob(...args),
    listJobs: async (...args) => get().listJobs(...args),
    createJob: async (...args) => get().createJob(...args),
    act: async (...args) => get().act(...args),
    setCompleteAfter: async (...args) => get().setCompleteAfter(...args),
    deleteJob: async (...args) => get().deleteJob(...args),
    usersPage: async (...args) => get().usersPage(...args),
    userTask: async (...args) => get().userTask(...args),
    directoryUser: async (...args) => get().directoryUser(...args),
  };
}

/** A tenant's Graph cross-tenant migration engine, with the tenant's own connection and credential. */
export function createGraphCrossTenantEngine(
  config: GraphCrossTenantEngineConfig,
  deps: EngineDeps,
): MigrationProvider {
  return createGraphCrossTenantProvider({
    config,
    client: lazyClient(config, deps),
    sourceTenantId: deps.crossTenant?.sourceTenantId,
    now: deps.now,
    logger: deps.logger,
  });
}
