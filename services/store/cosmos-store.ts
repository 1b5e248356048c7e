import type http from 'node:http';
import type https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import type { TokenCredential } from '@azure/identity';
import { type ChargeListener, CosmosContainer } from './cosmos-container';
import { type EnsureOptions, ensureCosmosContainers } from './cosmos-init';
import type { BaseDoc, Container, ContainerName, DocumentStore } from './document-store';

export interface CosmosStoreOptions {
  /** The account URL, e.g. https://contoso-cutover.documents.azure.com:443/ */
  endpoint: string;
  databaseId: string;
  /** An account key. Without it, `credential` (Microsoft Entra ID) is used. */
  key?: string;
  credential?: TokenCredential;
  /** For local test servers only (self-signed certificate). */
  agent?: https.Agent | http.Agent;
  /** A client to use instead of building one; the store then leaves it open on close(). */
  client?: CosmosClient;
  /** Throughput is provisioned with the account (serverless or autoscale), never by the store. */
  throughput?: never;
  /** Called with the request units of every data operation. */
  onRequestCharge?: ChargeListener;
  /** Retry tuning for init(). */
  init?: EnsureOptions;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The Cosmos DB backend of the document store. Every container is partitioned
 * on `/pk`; replaces and conditional deletes use If-Match on the read `_etag`.
 */
export function createCosmosStore(options: CosmosStoreOptions): DocumentStore {
  const client = options.client ?? buildClient(options);
  const database = client.database(options.databaseId);
  const containers = new Map<ContainerName, CosmosContainer<BaseDoc>>();
  return {
    container<T extends BaseDoc>(name: ContainerName): Container<T> {
      let container = containers.get(name);
      if (!container) {
        container = new CosmosContainer(name, database.container(name), options.onRequestCharge);
        containers.set(name, container);
      }
      return container as unknown as Container<T>;
    },
    init: () => ensureCosmosContainers(client, options.databaseId, options.init),
    async close() {
      if (!options.client) client.dispose();
    },
  };
}

function buildClient(options: CosmosStoreOptions): CosmosClient {
  if (!options.key && !options.credential) {
    throw new Error('createCosmosStore needs an account key or a credential');
  }
  return new CosmosClient({
    endpoint: options.endpoint,
    key: options.key,
    aadCredentials: options.key ? undefined : options.credential,
    agent: options.agent,
    // A loopback endpoint is a local server: it has no other regions to discover.
    connectionPolicy: { enableEndpointDiscovery: !isLoopback(options.endpoint) },
  });
}

function isLoopback(endpoint: string): boolean {
  return URL.canParse(endpoint) && LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
}
