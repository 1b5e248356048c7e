/**
 * Every SOAP shape the MigrationWiz engine writes or reads, in one place.
 *
 * These shapes are INFERRED, not yet confirmed against MigrationWiz's WSDL
 * (https://www.migrationwiz.com/API/2.0/WebService.asmx?wsdl): one method `Execute` taking a polymorphic
 * `request` (xsi:type AuthenticateRequest, CreateRequest, RetrieveRequest, UpdateRequest, DeleteRequest)
 * with the Ticket inside, answered by an `ExecuteResult` of the matching response type, or a SOAP fault
 * whose detail carries an `ErrorCode`. When the WSDL says otherwise, correct it here and only here (the
 * simulator mirrors these shapes in its own module; the engine-against-simulator tests are the contract).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { ENTITY_NAMES, type EntityName, type EntityTypes, type TypedEntity } from './entities';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const MIGRATIONWIZ_NS = 'http://www.bittitan.com/migrationwiz/api/2.0/';
/** The headers of every request. */
export const SOAP_HEADERS = {
  'Content-Type': 'text/xml; charset=utf-8',
  SOAPAction: `"${MIGRATIONWIZ_NS}Execute"`,
} as const;

/** Largest page, `In` list, and entity list MigrationWiz takes in one request. */
export const MAX_PER_REQUEST = 100;

export type FilterOperator =
  | 'Equals'
  | 'NotEquals'
  | 'GreaterThan'
  | 'GreaterThanOrEqual'
  | 'LessThan'
  | 'LessThanOrEqual'
  | 'In';
export interface Filter {
  property: string;
  operator: FilterOperator;
  /** For `In`, a comma-separated list of at most 100 values. */
  value: string;
}
export interface Sort {
  property: string;
  direction: 'Ascending' | 'Descending';
}

export interface AuthenticateRequest {
  type: 'AuthenticateRequest';
  emailAddress: string;
  password: string;
  workgroupId: string;
  environment: 'BT' | 'China';
}
export type TicketedRequest =
  | { type: 'CreateRequest'; entities: TypedEntity[] }
  | {
      type: 'RetrieveRequest';
      entityName: EntityName;
      filters: Filter[];
      sort?: Sort[];
      count: number;
      offset: number;
    }
  | { type: 'UpdateRequest'; entities: TypedEntity[] }
  | { type: 'DeleteRequest'; entityName: 'MailboxConnector' | 'Mailbox'; ids: string[] };
export type SoapRequest = AuthenticateRequest | TicketedRequest;

export interface Ticket {
  value: string;
  /** ISO-8601 UTC. */
  expirationDate: string;
  workgroupId?: string;
}

/** What one answer said: a result (with its entities or ticket), or a fault. */
export type SoapAnswer =
  | { kind: 'result'; resultType: string; entities: TypedEntity[]; ticket?: Ticket }
  | { kind: 'fault'; faultCode: string; message: string; errorCode?: string };

// ---- Entity fields, in the order they are written ----

type Kind = 'text' | 'int' | 'bool' | 'config' | 'entries';
type FieldTable<T> = readonly (readonly [keyof T & string, Kind])[];

const CONFIG_FIELDS = [
  ['Url', 'text'],
  ['UseAdministrativeCredentials', 'bool'],
  ['AdministrativeUsername', 'text'],
  ['AdministrativePassword', 'text'],
] as const;
const STAT_ENTRY_FIELDS = [
  ['ItemType', 'text'],
  ['TaskType', 'text'],
  ['SuccessCount', 'int'],
  ['SuccessSize', 'int'],
  ['ErrorCount', 'int'],
  ['ErrorSize', 'int'],
] as const;

const FIELDS: { [N in EntityName]: FieldTable<EntityTypes[N]> } = {
  MailboxConnector: [
    ['Id', 'text'],
    ['WorkgroupId', 'text'],
    ['OrganizationId', 'text'],
    ['Name', 'text'],
    ['ProjectType', 'text'],
    ['ExportType', 'text'],
    ['ImportType', 'text'],
    ['ExportConfiguration', 'config'],
    ['ImportConfiguration', 'config'],
    ['MaximumSimultaneousMigrations', 'int'],
    ['MaximumItemFailures', 'int'],
    ['AdvancedOptions', 'text'],
    ['CreateDate', 'text'],
  ],
  Mailbox: [
    ['Id', 'text'],
    ['ConnectorId', 'text'],
    ['ExportEmailAddress', 'text'],
    ['ImportEmailAddress', 'text'],
    ['ExportUserName', 'text'],
    ['ExportPassword', 'text'],
    ['ImportUserName', 'text'],
    ['ImportPassword', 'text'],
    ['CreateDate', 'text'],
  ],
  MailboxMigration: [
    ['Id', 'text'],
    ['MailboxId', 'text'],
    ['ConnectorId', 'text'],
    ['Type', 'text'],
    ['ItemTypes', 'text'],
    ['ItemStartDate', 'text'],
    ['ItemEndDate', 'text'],
    ['Priority', 'int'],
    ['Status', 'text'],
    ['CreateDate', 'text'],
    ['StartDate', 'text'],
    ['CompleteDate', 'text'],
    ['FailureMessage', 'text'],
  ],
  MailboxStat: [
    ['Id', 'text'],
    ['MailboxId', 'text'],
    ['ConnectorId', 'text'],
    ['Entries', 'entries'],
    ['ExportDuration', 'int'],
    ['ImportDuration', 'int'],
    ['CurrentlyExportedFolderName', 'text'],
  ],
  MailboxError: [
    ['Id', 'text'],
    ['MailboxId', 'text'],
    ['ConnectorId', 'text'],
    ['MailboxMigrationId', 'text'],
    ['Type', 'text'],
    ['CreateDate', 'text'],
    ['ItemSize', 'int'],
    ['Message', 'text'],
    ['ItemSubject', 'text'],
  ],
};

// ---- Building requests ----

type XmlNode = Record<string, unknown>;

function writeFields(source: object, table: readonly (readonly [string, Kind])[]): XmlNode {
  const node: XmlNode = {};
  const values = source as Record<string, unknown>;
  for (const [name, kind] of table) {
    const value = values[name];
    if (value === undefined || value === null) continue;
    if (kind === 'config') node[name] = writeFields(value as object, CONFIG_FIELDS);
    else if (kind === 'entries')
      node[name] = { MailboxStatEntry: (value as object[]).map((e) => writeFields(e, STAT_ENTRY_FIELDS)) };
    else node[name] = String(value);
  }
  return node;
}

function writeEntities(entities: TypedEntity[]): XmlNode {
  return {
    Entity: entities.map((e) => ({
      '@_xsi:type': e.entityName,
      ...writeFields(e.fields, FIELDS[e.entityName] as FieldTable<object>),
    })),
  };
}

function requestBody(request: SoapRequest, ticket: string | undefined): XmlNode {
  if (request.type === 'AuthenticateRequest') {
    return {
      EmailAddress: request.emailAddress,
      Password: request.password,
      WorkgroupId: request.workgroupId,
      Environment: request.environment,
    };
  }
  const head = { Ticket: ticket ?? '' };
  switch (request.type) {
    case 'CreateRequest':
    case 'UpdateRequest':
      return { ...head, Entities: writeEntities(request.entities) };
    case 'RetrieveRequest':
      return {
        ...head,
        EntityName: request.entityName,
        Condition: {
          Filter: request.filters.map((f) => ({
            Property: f.property,
            Operator: f.operator,
            Value: f.value,
          })),
        },
        SortOrders: {
          Sort: (request.sort ?? []).map((s) => ({ Property: s.property, Direction: s.direction })),
        },
        Count: String(request.count),
        Offset: String(request.offset),
      };
    case 'DeleteRequest':
      return { ...head, EntityName: request.entityName, Ids: { Id: request.ids } };
  }
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

/** The SOAP envelope of one request; every request but AuthenticateRequest carries the ticket. */
export function buildRequest(request: SoapRequest, ticket?: string): string {
  const envelope = {
    'soap:Envelope': {
      '@_xmlns:soap': SOAP_ENVELOPE_NS,
      '@_xmlns:xsi': XSI_NS,
      'soap:Body': {
        Execute: {
          '@_xmlns': MIGRATIONWIZ_NS,
          request: { '@_xsi:type': request.type, ...requestBody(request, ticket) },
        },
      },
    },
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(envelope)}`;
}

// ---- Reading answers ----

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Entity' || name === 'MailboxStatEntry',
});

function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && '#text' in node) return String(node['#text']);
  return undefined;
}

function readFields(node: unknown, table: readonly (readonly [string, Kind])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof node !== 'object' || node === null) return out;
  const values = node as Record<string, unknown>;
  for (const [name, kind] of table) {
    const raw = values[name];
    if (raw === undefined) continue;
    if (kind === 'config') out[name] = readFields(raw, CONFIG_FIELDS);
    else if (kind === 'entries') {
      const list =
        typeof raw === 'object' && raw !== null
          ? ((raw as { MailboxStatEntry?: unknown[] }).MailboxStatEntry ?? [])
          : [];
      out[name] = list.map((e) => readFields(e, STAT_ENTRY_FIELDS));
    } else {
      const text = textOf(raw);
      if (text === undefined || text === '') continue;
      if (kind === 'int') {
        const n = Number(text);
        if (Number.isFinite(n)) out[name] = n;
      } else if (kind === 'bool') out[name] = text.toLowerCase() === 'true';
      else out[name] = text;
    }
  }
  return out;
}

function readEntities(node: unknown): TypedEntity[] {
  const list = (node as { Entity?: unknown[] } | undefined)?.Entity ?? [];
  return list.flatMap((entity) => {
    const type = (entity as Record<string, unknown>)['@_type'];
    if (!(ENTITY_NAMES as readonly unknown[]).includes(type)) return [];
    const name = type as EntityName;
    return [{ entityName: name, fields: readFields(entity, FIELDS[name]) } as TypedEntity];
  });
}

function readTicket(node: unknown): Ticket | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const ticket = node as Record<string, unknown>;
  const value = textOf(ticket['Value']);
  const expirationDate = textOf(ticket['ExpirationDate']);
  if (!value || !expirationDate) return undefined;
  return { value, expirationDate, workgroupId: textOf(ticket['WorkgroupId']) };
}

/** Reads one answer; undefined when the text is not a SOAP envelope with a result or a fault. */
export function parseAnswer(xml: string): SoapAnswer | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const body = (doc['Envelope'] as Record<string, unknown> | undefined)?.['Body'] as
    | Record<string, unknown>
    | undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const fault = body['Fault'] as Record<string, unknown> | undefined;
  if (typeof fault === 'object' && fault !== null) {
    const detail = fault['detail'] as Record<string, unknown> | undefined;
    return {
      kind: 'fault',
      faultCode: (textOf(fault['faultcode']) ?? '').replace(/^[^:]*:/, ''),
      message: textOf(fault['faultstring']) ?? '',
      errorCode: typeof detail === 'object' && detail !== null ? textOf(detail['ErrorCode']) : undefined,
    };
  }
  const result = (body['ExecuteResponse'] as Record<string, unknown> | undefined)?.['ExecuteResult'];
  if (result === undefined) return undefined;
  const fields = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  return {
    kind: 'result',
    resultType: String(fields['@_type'] ?? ''),
    entities: readEntities(fields['Entities']),
    ticket: readTicket(fields['Ticket']),
  };
}
