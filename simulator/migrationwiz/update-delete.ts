import { connectorView, passView } from './entity-views';
import { invalidOperation, invalidRequest, notFound } from './mwz-fault';
import type { MigrationWizState } from './mwz-state';
import { requestStop } from './pass-engine';
import type { EntityName, WireEntity, XmlObject } from './soap-shapes';
import type { TicketGrant } from './tickets';
import { FieldReader } from './wire-values';

/**
 * UpdateRequest: only a pass's Status (to Stopping) and a project's MaximumSimultaneousMigrations
 * change; other fields sent are ignored. Every entity is checked before any changes.
 */
export function updateEntities(
  state: MigrationWizState,
  grant: TicketGrant,
  entities: WireEntity[],
  now: number,
): { type: EntityName; entity: XmlObject }[] {
  if (entities.length < 1 || entities.length > 100)
    throw invalidRequest('An UpdateRequest carries 1 to 100 entities.');
  const inWorkgroup = new Set(
    state.connectors.filter((c) => c.workgroupId === grant.workgroupId).map((c) => c.id),
  );
  const changes: (() => { type: EntityName; entity: XmlObject })[] = [];
  for (const entity of entities) {
    const r = new FieldReader(entity.type, entity.fields);
    const id = r.required('Id').toLowerCase();
    if (entity.type === 'MailboxMigration') {
      const pass = state.passes.find((p) => p.id === id && inWorkgroup.has(p.connectorId));
      if (!pass) throw notFound('pass (MailboxMigration)', id);
      const status = r.required('Status');
      if (status !== 'Stopping')
        throw invalidRequest(`A pass's Status can only be set to Stopping; got '${status}'.`);
      if (['Stopped', 'Completed', 'Failed', 'MaximumTransferReached'].includes(pass.status)) {
        throw invalidOperation(`The pass has already finished (${pass.status}) and cannot be stopped.`);
      }
      changes.push(() => {
        requestStop(pass, now);
        return { type: 'MailboxMigration', entity: passView(pass) };
      });
    } else if (entity.type === 'MailboxConnector') {
      const connector = state.connectors.find((c) => c.id === id && c.workgroupId === grant.workgroupId);
      if (!connector) throw notFound('project (MailboxConnector)', id);
      const maximum = r.integer('MaximumSimultaneousMigrations', 1, 1000);
      if (maximum === undefined)
        throw invalidRequest('MailboxConnector.MaximumSimultaneousMigrations is required.');
      changes.push(() => {
        connector.maximumSimultaneousMigrations = maximum;
        return { type: 'MailboxConnector', entity: connectorView(connector) };
      });
    } else {
      throw invalidRequest(`Entities of type '${entity.type}' cannot be updated.`);
    }
  }
  const updated = changes.map((change) => change());
  state.onChange();
  return updated;
}

/** DeleteRequest: projects (with their items and passes) or items; every id must exist first. */
export function deleteEntities(
  state: MigrationWizState,
  grant: TicketGrant,
  entityName: string,
  ids: string[],
): void {
  if (ids.length < 1 || ids.length > 100) throw invalidRequest('A DeleteRequest carries 1 to 100 ids.');
  const wanted = new Set(ids.map((id) => id.trim().toLowerCase()));
  const connectors = state.connectors.filter((c) => c.workgroupId === grant.workgroupId);
  if (entityName === 'MailboxConnector') {
    for (const id of wanted)
      if (!connectors.some((c) => c.id === id)) throw notFound('project (MailboxConnector)', id);
    state.deleteConnectors(wanted);
  } else if (entityName === 'Mailbox') {
    const connectorIds = new Set(connectors.map((c) => c.id));
    for (const id of wanted) {
      if (!state.items.some((i) => i.id === id && connectorIds.has(i.connectorId)))
        throw notFound('item (Mailbox)', id);
    }
    state.deleteItems(wanted);
  } else {
    throw invalidRequest(
      `EntityName must be MailboxConnector or Mailbox for a DeleteRequest; got '${entityName}'.`,
    );
  }
}
