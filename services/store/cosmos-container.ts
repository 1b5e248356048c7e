import type { ItemDefinition, Container as SdkContainer } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError } from '../errors';
import { buildCosmosQuery } from './cosmos-query';
import { cosmosStatus } from './cosmos-status';
import {
  type BaseDoc,
  type Container,
  type ContainerName,
  type Page,
  type Query,
  type Stored,
  pageSizeOf,
} from './document-store';

/** What one request cost, for metering and for checking the estimates in docs/data-model.md. */
export interface RequestCharge {
  container: ContainerName;
  operation: 'read' | 'create' | 'replace' | 'upsert' | 'delete' | 'query';
  requestCharge: number;
}

export type ChargeListener = (charge: RequestCharge) => void;

/** Cosmos DB system properties that documents never carry out of the store (`_etag` stays). */
const SYSTEM_FIELDS = ['_rid', '_self', '_attachments', '_ts'] as const;

/** One Cosmos DB container behind the port, with the local store's semantics. */
export class CosmosContainer<T extends BaseDoc> implements Container<T> {
  constructor(
    readonly name: ContainerName,
    private readonly sdk: SdkContainer,
    private readonly onCharge?: ChargeListener,
  ) {}

  async read(pk: string, id: string): Promise<Stored<T> | null> {
    try {
      const response = await this.sdk.item(id, pk).read<ItemDefinition>();
      this.charged('read', response.requestCharge);
      return response.resource ? this.stored(response.resource) : null;
    } catch (error) {
      if (cosmosStatus(error) === 404) return null;
      throw error;
    }
  }

  async create(doc: T): Promise<Stored<T>> {
    try {
      const response = await this.sdk.items.create(bodyOf(doc));
      this.charged('create', response.requestCharge);
      return this.stored(response.resource);
    } catch (error) {
      if (cosmosStatus(error) === 409) throw new AlreadyExistsError(this.name, doc.id);
      throw error;
    }
  }

  async replace(doc: Stored<T>): Promise<Stored<T>> {
    if (!doc._etag) throw new ConflictError(this.name, doc.id);
    try {
      const response = await this.sdk.item(doc.id, doc.pk).replace(bodyOf(doc), {
        accessCondition: { type: 'IfMatch', condition: doc._etag },
      });
      this.charged('replace', response.requestCharge);
      return this.stored(response.resource);
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) throw new ConflictError(this.name, doc.id);
      throw error;
    }
  }

  async upsert(doc: T): Promise<Stored<T>> {
    const response = await this.sdk.items.upsert(bodyOf(doc));
    this.charged('upsert', response.requestCharge);
    return this.stored(response.resource);
  }

  async delete(pk: string, id: string, etag?: string): Promise<void> {
    try {
      const response = await this.sdk
        .item(id, pk)
        .delete(etag === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: etag } });
      this.charged('delete', response.requestCharge);
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 404) return;
      if (status === 412) throw new ConflictError(this.name, id);
      throw error;
    }
  }

  async query(query: Query): Promise<Page<Stored<T>>> {
    const spec = buildCosmosQuery(query);
    const iterator = this.sdk.items.query<ItemDefinition>(spec, {
      maxItemCount: pageSizeOf(query),
      continuationToken: query.continuation,
      partitionKey: query.pk,
    });
    // A cross-partition page can come back empty while more follows: read on until one has items.
    let response = await iterator.fetchNext();
    this.charged('query', response.requestCharge);
    while (response.resources.length === 0 && response.hasMoreResults && iterator.hasMoreResults()) {
      response = await iterator.fetchNext();
      this.charged('query', response.requestCharge);
    }
    return {
      items: response.resources.map((resource) => this.stored(resource)),
      continuation: response.continuationToken || undefined,
    };
  }

  private stored(resource: ItemDefinition | undefined): Stored<T> {
    if (!resource) throw new Error(`${this.name}: Cosmos DB returned no document`);
    const doc: Record<string, unknown> = { ...resource };
    for (const field of SYSTEM_FIELDS) delete doc[field];
    return doc as unknown as Stored<T>;
  }

  private charged(operation: RequestCharge['operation'], requestCharge: number | undefined): void {
    if (this.onCharge && requestCharge !== undefined)
      this.onCharge({ container: this.name, operation, requestCharge });
  }
}

/** The body sent to Cosmos DB: the document without `_etag` or other system properties. */
function bodyOf(doc: BaseDoc): ItemDefinition {
  const body: Record<string, unknown> = { ...doc };
  delete body._etag;
  for (const field of SYSTEM_FIELDS) delete body[field];
  return body as ItemDefinition;
}
