import type { CosmosClient, Database } from '@azure/cosmos';
import { CutoverError } from '../errors';
import { containerDefinition, PARTITION_KEY_PATH } from './cosmos-containers';
import { cosmosStatus, isTransientCosmosError, retryAfterMs } from './cosmos-status';
import { CONTAINERS, type ContainerName } from './document-store';

/** The database or a container cannot be made ready: the message says what to fix. */
export class CosmosSetupError extends CutoverError {
  readonly code = 'store_setup';
  constructor(
    readonly resource: string,
    detail: string,
  ) {
    super(`Cosmos DB ${resource}: ${detail}`);
  }
}

export interface EnsureOptions {
  /** Tries per resource for throttling and transient failures. Default 6. */
  attempts?: number;
  /** First back-off in ms, doubled on each retry (with jitter). Default 100. */
  baseDelayMs?: number;
}

/**
 * Creates the database and every container when missing. Safe when several
 * instances start at once: a 409 from a concurrent create counts as success.
 * Existing resources are only read, which Microsoft Entra data-plane roles allow.
 */
export async function ensureCosmosContainers(
  client: CosmosClient,
  databaseId: string,
  options: EnsureOptions = {},
): Promise<void> {
  await withRetry(options, () => ensureDatabase(client, databaseId));
  const database = client.database(databaseId);
  // Settle every container before failing, so nothing is still in flight when init() rejects.
  const results = await Promise.allSettled(
    CONTAINERS.map((name) => withRetry(options, () => ensureContainer(database, name))),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

async function ensureDatabase(client: CosmosClient, id: string): Promise<void> {
  try {
    await client.databases.createIfNotExists({ id });
  } catch (error) {
    if (cosmosStatus(error) === 409) return;
    throw setupError(`database "${id}"`, error);
  }
}

async function ensureContainer(database: Database, name: ContainerName): Promise<void> {
  let paths: string[] | undefined;
  try {
    const { resource } = await database.containers.createIfNotExists(containerDefinition(name));
    paths = resource?.partitionKey?.paths;
  } catch (error) {
    if (cosmosStatus(error) !== 409) throw setupError(`container "${name}"`, error);
    const { resource } = await database.container(name).read();
    paths = resource?.partitionKey?.paths;
  }
  if (paths && (paths.length !== 1 || paths[0] !== PARTITION_KEY_PATH)) {
    throw new CosmosSetupError(
      `container "${name}"`,
      `it is partitioned on ${paths.join(', ')} but needs ${PARTITION_KEY_PATH}; move its data and recreate it with partition key ${PARTITION_KEY_PATH}`,
    );
  }
}

function setupError(resource: string, error: unknown): unknown {
  if (cosmosStatus(error) !== 403) return error;
  return new CosmosSetupError(
    resource,
    'creating it was refused (403). Microsoft Entra data-plane roles cannot create databases or containers: create them ahead of time (see docs/data-model.md) or use an account key',
  );
}

async function withRetry(options: EnsureOptions, attempt: () => Promise<void>): Promise<void> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 100;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts || !isTransientCosmosError(error)) throw error;
      const backoff = base * 2 ** (n - 1) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs(error) ?? backoff));
    }
  }
}
