import type { CallOptions } from '../migration-provider';
import type { EntityName, EntityTypes } from './entities';
import { type Filter, MAX_PER_REQUEST, type Sort } from './soap-shapes';
import type { SoapTransport } from './soap-transport';

/** MigrationWiz's requests by entity, with paging and the 100-per-request limit handled. */
export interface MwzClient {
  /** One page (at most 100). */
  retrievePage<N extends EntityName>(
    name: N,
    filters: Filter[],
    sort: Sort[],
    offset: number,
    call: CallOptions,
  ): Promise<EntityTypes[N][]>;
  /** Every page, until one comes back short. */
  retrieveAll<N extends EntityName>(
    name: N,
    filters: Filter[],
    sort: Sort[],
    call: CallOptions,
  ): Promise<EntityTypes[N][]>;
  /** Creates the entities 100 per request; returns them as created (Id and CreateDate filled in). */
  create<N extends EntityName>(
    name: N,
    entities: EntityTypes[N][],
    call: CallOptions,
  ): Promise<EntityTypes[N][]>;
  update<N extends EntityName>(
    name: N,
    entities: EntityTypes[N][],
    call: CallOptions,
  ): Promise<EntityTypes[N][]>;
  remove(name: 'MailboxConnector' | 'Mailbox', ids: string[], call: CallOptions): Promise<void>;
}

export const equals = (property: string, value: string): Filter => ({ property, operator: 'Equals', value });
export const atLeast = (property: string, value: string): Filter => ({
  property,
  operator: 'GreaterThanOrEqual',
  value,
});
/** Oldest first; Id breaks ties so that pages over equal dates stay in one order. */
export const BY_CREATE_DATE: Sort[] = [
  { property: 'CreateDate', direction: 'Ascending' },
  { property: 'Id', direction: 'Ascending' },
];

export function chunks<T>(items: readonly T[], size = MAX_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function fieldsOf<N extends EntityName>(name: N, entities: { entityName: EntityName; fields: unknown }[]) {
  return entities.filter((e) => e.entityName === name).map((e) => e.fields as EntityTypes[N]);
}

export function createMwzClient(transport: SoapTransport): MwzClient {
  const client: MwzClient = {
    async retrievePage(name, filters, sort, offset, call) {
      const entities = await transport.execute(
        { type: 'RetrieveRequest', entityName: name, filters, sort, count: MAX_PER_REQUEST, offset },
        call,
      );
      return fieldsOf(name, entities);
    },
    async retrieveAll(name, filters, sort, call) {
      const all: EntityTypes[typeof name][] = [];
      for (let offset = 0; ; offset += MAX_PER_REQUEST) {
        const page = await client.retrievePage(name, filters, sort, offset, call);
        all.push(...page);
        if (page.length < MAX_PER_REQUEST) return all;
      }
    },
    async create(name, entities, call) {
      const created: EntityTypes[typeof name][] = [];
      for (const chunk of chunks(entities)) {
        const typed = chunk.map((fields) => ({ entityName: name, fields }) as never);
        created.push(
          ...fieldsOf(name, await transport.execute({ type: 'CreateRequest', entities: typed }, call)),
        );
      }
      return created;
    },
    async update(name, entities, call) {
      const updated: EntityTypes[typeof name][] = [];
      for (const chunk of chunks(entities)) {
        const typed = chunk.map((fields) => ({ entityName: name, fields }) as never);
        updated.push(
          ...fieldsOf(name, await transport.execute({ type: 'UpdateRequest', entities: typed }, call)),
        );
      }
      return updated;
    },
    async remove(name, ids, call) {
      for (const chunk of chunks(ids)) {
        await transport.execute({ type: 'DeleteRequest', entityName: name, ids: chunk }, call);
      }
    },
  };
  return client;
}
