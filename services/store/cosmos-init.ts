import type { ContainerDefinition, CosmosClient, Database } from '@azure/cosmos';
import { CutoverError } from '../errors';
import { POLICIES, retry } from '../retry/policies';
import { containerDefinition } from './cosmos-containers';
import { cosmosStatus, isTransientCosmosError, retryAfterMs } from './cosmos-status';
import { CONTAINERS } from './document-store';

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
  /** Tries per resource for throttling and transient failures. Default: POLICIES.storeInit. */
  attempts?: number;
  /** First back-off in ms, doubled on each retry (with jitter). Default: POLICIES.storeInit. */
  baseDelayMs?: number;
  /** Containers something else keeps in the same database (conversation state), made ready alike. */
  alsoEnsure?: readonly OtherContainer[];
}

/** A container outside the document store, with the partition key its user needs. */
export interface OtherContainer {
  id: string;
  partitionKeyPath: string;
}

/**
 * Creates the database and every container when missing. Safe when several instances start at once:
 * every create is idempotent (a 409 from a concurrent create means it exists, and it is read), so no
 * caller needs to try init() again. Only throttling and transient failures are retried, per resource.
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
  const definitions = [
    ...CONTAINERS.map(containerDefinition),
    ...(options.alsoEnsure ?? []).map((c) => ({ id: c.id, partitionKey: { paths: [c.partitionKeyPath] } })),
  ];
  const results = await Promise.allSettled(
    definitions.map((definition) => withRetry(options, () => ensureContainer(database, definition))),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** createIfNotExists reads, then creates on a 404: another instance may create in between (409). */
async function ensureDatabase(client: CosmosClient, id: string): Promise<void> {
  try {
    await client.databases.createIfNotExists({ id });
  } catch (error) {
    if (cosmosStatus(error) !== 409) throw setupError(`database "${id}"`, error);
    await client.database(id).read();
  }
}

async function ensureContainer(database: Database, definition: ContainerDefinition): Promise<void> {
  const name = definition.id!;
  const wanted = definition.partitionKey as { paths: string[] };
  let paths: string[] | undefined;
  try {
    const { resource } = await database.containers.createIfNotExists(definition);
    paths = resource?.partitionKey?.paths;
  } catch (error) {
    if (cosmosStatus(error) !== 409) throw setupError(`container "${name}"`, error);
    const { resource } = await database.container(name).read();
    paths = resource?.partitionKey?.paths;
  }
  const path = wanted.paths[0];
  if (paths && (paths.length !== 1 || paths[0] !== path)) {
    throw new CosmosSetupError(
      `container "${name}"`,
      `it is partitioned on ${paths.join(', ')} but needs ${path}; move its data and recreate it with partition key ${path}`,
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

function withRetry(options: EnsureOptions, attempt: () => Promise<void>): Promise<void> {
  const policy = {
    ...POLICIES.storeInit,
    attempts: options.attempts ?? POLICIES.storeInit.attempts,
    baseMs: options.baseDelayMs ?? POLICIES.storeInit.baseMs,
  };
  return retry(policy, attempt, { retryable: isTransientCosmosError, waitOf: retryAfterMs });
}
