import { randomUUID } from 'node:crypto';
import { connectorView, itemView, passView } from './entity-views';
import { invalidOperation, invalidRequest, MwzFault, notFound } from './mwz-fault';
import {
  FINAL_STATUSES,
  ITEM_TYPE_FLAGS,
  type MwzConnector,
  type MwzItem,
  type MwzPass,
  PASS_TYPES,
  type ProjectSide,
  zeroPerType,
} from './mwz-schema';
import type { MigrationWizState } from './mwz-state';
import type { EntityName, WireEntity, XmlObject } from './soap-shapes';
import type { TicketGrant } from './tickets';
import { address, FieldReader } from './wire-values';

const ENDPOINT_TYPES = ['ExchangeServer', 'ExchangeOnline2', 'Office365'] as const;
export const REPAIR_REFUSED =
  'Repair can only be submitted for an item whose last pass completed with errors.';

interface Staged {
  connectors: MwzConnector[];
  items: MwzItem[];
  passes: MwzPass[];
}

function side(reader: FieldReader, name: string, type: string): ProjectSide {
  const config = reader.nested(name);
  const url = config?.string('Url') ?? null;
  if (type === 'ExchangeServer' && url === null)
    throw invalidRequest(`MailboxConnector.${name}.Url is required for ExchangeServer.`);
  const administrative = config?.boolean('UseAdministrativeCredentials') ?? false;
  const username = config?.string('AdministrativeUsername') ?? null;
  if (administrative && (username === null || config?.string('AdministrativePassword') === undefined)) {
    throw invalidRequest(
      `MailboxConnector.${name} needs AdministrativeUsername and AdministrativePassword with UseAdministrativeCredentials.`,
    );
  }
  return { url, administrative, administrativeUsername: username };
}

function newConnector(
  r: FieldReader,
  state: MigrationWizState,
  grant: TicketGrant,
  staged: Staged,
  now: number,
): MwzConnector {
  const name = r.required('Name');
  const workgroupId = r.string('WorkgroupId')?.toLowerCase() ?? grant.workgroupId;
  if (workgroupId !== grant.workgroupId) {
    throw invalidOperation(`The ticket does not allow working in workgroup '${workgroupId}'.`);
  }
  const projectType = r.oneOf('ProjectType', ['Mailbox'] as const) ?? 'Mailbox';
  const exportType = r.oneOf('ExportType', ENDPOINT_TYPES) ?? r.required('ExportType');
  const importType = r.oneOf('ImportType', ENDPOINT_TYPES) ?? r.required('ImportType');
  const taken = [...state.connectors, ...staged.connectors].some(
    (c) => c.workgroupId === workgroupId && c.name.toLowerCase() === name.toLowerCase(),
  );
  if (taken)
    throw new MwzFault('DuplicateName', `A project named '${name}' already exists in this workgroup.`);
  const workgroup = state.workgroup(workgroupId);
  return {
    id: randomUUID(),
    workgroupId,
    organizationId: r.string('OrganizationId')?.toLowerCase() ?? workgroup?.organizationId ?? null,
    name,
    projectType,
    exportType,
    importType,
    exportSide: side(r, 'ExportConfiguration', exportType),
    importSide: side(r, 'ImportConfiguration', importType),
    maximumSimultaneousMigrations: r.integer('MaximumSimultaneousMigrations', 1, 1000) ?? 100,
    maximumItemFailures: r.integer('MaximumItemFailures', 0, 1_000_000) ?? 100,
    advancedOptions: r.string('AdvancedOptions') ?? null,
    createdAt: now,
  };
}

function connectorIn(state: MigrationWizState, staged: Staged, grant: TicketGrant, id: string): MwzConnector {
  const wanted = id.toLowerCase();
  const found = [...state.connectors, ...staged.connectors].find(
    (c) => c.id === wanted && c.workgroupId === grant.workgroupId,
  );
  if (!found) throw notFound('project (MailboxConnector)', id);
  return found;
}

function newItem(
  r: FieldReader,
  state: MigrationWizState,
  grant: TicketGrant,
  staged: Staged,
  now: number,
): MwzItem {
  const connector = connectorIn(state, staged, grant, r.required('ConnectorId'));
  const exportEmailAddress = address(r, 'ExportEmailAddress');
  const importEmailAddress = address(r, 'ImportEmailAddress');
  const duplicate = [...state.items, ...staged.items].some(
    (i) =>
      i.connectorId === connector.id &&
      i.exportEmailAddress.toLowerCase() === exportEmailAddress.toLowerCase(),
  );
  if (duplicate) {
    throw new MwzFault('DuplicateName', `The project already has an item for '${exportEmailAddress}'.`);
  }
  return {
    id: randomUUID(),
    connectorId: connector.id,
    exportEmailAddress,
    importEmailAddress,
    exportUserName: r.string('ExportUserName') ?? null,
    importUserName: r.string('ImportUserName') ?? null,
    exportCredentials: r.string('ExportPassword') !== undefined,
    importCredentials: r.string('ImportPassword') !== undefined,
    userSupplied: false,
    createdAt: now,
    statId: randomUUID(),
    moved: zeroPerType(),
    failed: zeroPerType(),
    errorTotals: zeroPerType(),
    seededErrorsDone: false,
    exportDurationMs: 0,
    importDurationMs: 0,
  };
}

function itemTypes(r: FieldReader): string[] {
  const raw = r.string('ItemTypes');
  if (raw === undefined) return [];
  const flags = raw.split(/[\s,]+/).filter((f) => f !== '');
  if (flags.length === 1 && flags[0]?.toLowerCase() === 'none') return [];
  return flags.map((flag) => {
    const found = ITEM_TYPE_FLAGS.find((f) => f.toLowerCase() === flag.toLowerCase());
    if (!found) throw invalidRequest(`MailboxMigration.ItemTypes has an unknown flag '${flag}'.`);
    return found;
  });
}

function newPass(
  r: FieldReader,
  state: MigrationWizState,
  grant: TicketGrant,
  staged: Staged,
  now: number,
): MwzPass {
  const mailboxId = r.required('MailboxId').toLowerCase();
  const item = [...state.items, ...staged.items].find((i) => i.id === mailboxId);
  const connector =
    item && [...state.connectors, ...staged.connectors].find((c) => c.id === item.connectorId);
  if (!item || !connector || connector.workgroupId !== grant.workgroupId)
    throw notFound('item (Mailbox)', mailboxId);
  const connectorId = r.string('ConnectorId')?.toLowerCase();
  if (connectorId !== undefined && connectorId !== connector.id) {
    throw invalidRequest(`Item '${mailboxId}' belongs to project '${connector.id}', not '${connectorId}'.`);
  }
  const type = r.oneOf('Type', PASS_TYPES);
  if (type === undefined) throw invalidRequest('MailboxMigration.Type is required.');
  const types = itemTypes(r);
  const itemStartDate = r.date('ItemStartDate');
  const itemEndDate = r.date('ItemEndDate');
  if (itemStartDate !== null && itemEndDate !== null && itemStartDate > itemEndDate) {
    throw invalidRequest('MailboxMigration.ItemStartDate must not be after ItemEndDate.');
  }
  const passes = [...state.passes, ...staged.passes]
    .filter((p) => p.mailboxId === item.id)
    .sort((a, b) => a.createdAt - b.createdAt);
  if (passes.some((p) => !FINAL_STATUSES.includes(p.status))) {
    throw invalidOperation(`The item '${item.exportEmailAddress}' already has a pass that has not finished.`);
  }
  if (type === 'Repair') {
    const last = passes.at(-1);
    const withErrors = last?.status === 'Completed' && state.errors.some((e) => e.migrationId === last.id);
    if (!withErrors) throw invalidOperation(REPAIR_REFUSED);
  }
  return {
    id: randomUUID(),
    mailboxId: item.id,
    connectorId: connector.id,
    type,
    itemTypes: type === 'Verification' ? [] : types,
    itemStartDate,
    itemEndDate,
    priority: r.integer('Priority', 1, 100) ?? 1,
    status: 'Submitted',
    statusSince: now,
    createdAt: now,
    startedAt: null,
    completedAt: null,
    endsAt: null,
    failureMessage: null,
    plan: null,
    stoppedShare: null,
  };
}

/** CreateRequest: every entity is checked before any is created (all or nothing). */
export function createEntities(
  state: MigrationWizState,
  grant: TicketGrant,
  entities: WireEntity[],
  now: number,
): { type: EntityName; entity: XmlObject }[] {
  if (entities.length < 1 || entities.length > 100)
    throw invalidRequest('A CreateRequest carries 1 to 100 entities.');
  const staged: Staged = { connectors: [], items: [], passes: [] };
  const created: { type: EntityName; entity: XmlObject }[] = [];
  for (const entity of entities) {
    const r = new FieldReader(entity.type, entity.fields);
    if (entity.type === 'MailboxConnector') {
      const c = newConnector(r, state, grant, staged, now);
      staged.connectors.push(c);
      created.push({ type: 'MailboxConnector', entity: connectorView(c) });
    } else if (entity.type === 'Mailbox') {
      const i = newItem(r, state, grant, staged, now);
      staged.items.push(i);
      created.push({ type: 'Mailbox', entity: itemView(i) });
    } else if (entity.type === 'MailboxMigration') {
      const p = newPass(r, state, grant, staged, now);
      staged.passes.push(p);
      created.push({ type: 'MailboxMigration', entity: passView(p) });
    } else {
      throw invalidRequest(`Entities of type '${entity.type}' cannot be created.`);
    }
  }
  state.connectors.push(...staged.connectors);
  state.items.push(...staged.items);
  state.passes.push(...staged.passes);
  state.onChange();
  return created;
}
