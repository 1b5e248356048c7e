import { XMLParser } from 'fast-xml-parser';
import { invalidRequest, type MwzFault } from './mwz-fault';

/**
 * Every SOAP shape the MigrationWiz stand-in reads and writes. These shapes are Cutover's inference:
 * they are NOT yet confirmed against MigrationWiz's WSDL
 * (https://www.migrationwiz.com/API/2.0/WebService.asmx?wsdl). Correct them here, in one place, and
 * in the engine's own soap-shapes module.
 */

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const API_NS = 'http://www.bittitan.com/migrationwiz/api/2.0/';
export const SOAP_ACTION = `"${API_NS}Execute"`;

export const ENTITY_NAMES = [
  'MailboxConnector',
  'Mailbox',
  'MailboxMigration',
  'MailboxStat',
  'MailboxError',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/** The child elements of each entity, in the order they are written. */
export const ENTITY_FIELDS: Record<EntityName, readonly string[]> = {
  MailboxConnector: [
    'Id',
    'WorkgroupId',
    'OrganizationId',
    'Name',
    'ProjectType',
    'ExportType',
    'ImportType',
    'ExportConfiguration',
    'ImportConfiguration',
    'MaximumSimultaneousMigrations',
    'MaximumItemFailures',
    'AdvancedOptions',
    'CreateDate',
  ],
  Mailbox: [
    'Id',
    'ConnectorId',
    'ExportEmailAddress',
    'ImportEmailAddress',
    'ExportUserName',
    'ExportPassword',
    'ImportUserName',
    'ImportPassword',
    'CreateDate',
  ],
  MailboxMigration: [
    'Id',
    'MailboxId',
    'ConnectorId',
    'Type',
    'ItemTypes',
    'ItemStartDate',
    'ItemEndDate',
    'Priority',
    'Status',
    'CreateDate',
    'StartDate',
    'CompleteDate',
    'FailureMessage',
  ],
  MailboxStat: [
    'Id',
    'MailboxId',
    'ConnectorId',
    'Entries',
    'ExportDuration',
    'ImportDuration',
    'CurrentlyExportedFolderName',
  ],
  MailboxError: [
    'Id',
    'MailboxId',
    'ConnectorId',
    'MailboxMigrationId',
    'Type',
    'CreateDate',
    'ItemSize',
    'Message',
    'ItemSubject',
  ],
};
/** An Exchange side of a project (ExportConfiguration / ImportConfiguration). */
export const CONFIGURATION_FIELDS = [
  'Url',
  'UseAdministrativeCredentials',
  'AdministrativeUsername',
  'AdministrativePassword',
] as const;
export const STAT_ENTRY_FIELDS = [
  'ItemType',
  'TaskType',
  'SuccessCount',
  'SuccessSize',
  'ErrorCount',
  'ErrorSize',
] as const;

// ---- requests -------------------------------------------------------------------------------------

/** An entity as a request carries it: its xsi:type and its child elements (nested ones as objects). */
export interface WireFields {
  [name: string]: string | WireFields;
}
export interface WireEntity {
  type: string;
  fields: WireFields;
}
export interface WireFilter {
  property: string;
  operator: string;
  value: string;
}
export interface WireSort {
  property: string;
  direction: string;
}

export type MwzRequest =
  | { kind: 'Authenticate'; emailAddress: string; password: string; workgroupId: string; environment: string }
  | { kind: 'Create'; ticket: string; entities: WireEntity[] }
  | { kind: 'Update'; ticket: string; entities: WireEntity[] }
  | {
      kind: 'Retrieve';
      ticket: string;
      entityName: string;
      filters: WireFilter[];
      sorts: WireSort[];
      count: string;
      offset: string;
    }
  | { kind: 'Delete'; ticket: string; entityName: string; ids: string[] };

const ARRAY_ELEMENTS = new Set(['Entity', 'Filter', 'Sort', 'Id']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, jpath) => ARRAY_ELEMENTS.has(name) && !String(jpath).endsWith('.Entity.Id'),
});

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(node: Node, name: string): string {
  const value = node[name];
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isNode(value) && Object.keys(value).every((k) => k.startsWith('@_'))) return '';
  throw invalidRequest(`'${name}' must be a simple value.`);
}

function list(node: Node, container: string, element: string): unknown[] {
  const outer = node[container];
  if (outer === undefined || outer === '') return [];
  if (!isNode(outer)) throw invalidRequest(`'${container}' must hold '${element}' elements.`);
  const inner = outer[element];
  return inner === undefined ? [] : Array.isArray(inner) ? inner : [inner];
}

function fieldsOf(node: Node, path: string): WireFields {
  const fields: WireFields = {};
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text') continue;
    if (typeof value === 'string') fields[name] = value;
    else if (isNode(value)) fields[name] = fieldsOf(value, `${path}.${name}`);
    else throw invalidRequest(`'${path}.${name}' appears more than once.`);
  }
  return fields;
}

function entitiesOf(request: Node): WireEntity[] {
  return list(request, 'Entities', 'Entity').map((entity, i) => {
    if (!isNode(entity)) throw invalidRequest(`Entity ${i + 1} is empty.`);
    const type = entity['@_type'];
    if (typeof type !== 'string' || type === '') throw invalidRequest(`Entity ${i + 1} has no xsi:type.`);
    return { type, fields: fieldsOf(entity, type) };
  });
}

/** Reads an Execute envelope; an InvalidRequest fault when it is not one. */
export function parseRequest(xml: string): MwzRequest {
  let root: Node;
  try {
    root = parser.parse(xml, true) as Node;
  } catch (error) {
    throw invalidRequest(`The request is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const envelope = root.Envelope;
  const body = isNode(envelope) ? envelope.Body : undefined;
  const execute = isNode(body) ? body.Execute : undefined;
  const request = isNode(execute) ? execute.request : undefined;
  if (!isNode(request)) throw invalidRequest('The SOAP body must carry Execute with a request.');
  const type = request['@_type'];
  switch (type) {
    case 'AuthenticateRequest':
      return {
        kind: 'Authenticate',
        emailAddress: text(request, 'EmailAddress'),
        password: text(request, 'Password'),
        workgroupId: text(request, 'WorkgroupId'),
        environment: text(request, 'Environment'),
      };
    case 'CreateRequest':
    case 'UpdateRequest':
      return {
        kind: type === 'CreateRequest' ? 'Create' : 'Update',
        ticket: text(request, 'Ticket'),
        entities: entitiesOf(request),
      };
    case 'RetrieveRequest': {
      const condition = isNode(request.Condition) ? request.Condition : {};
      const filters = (Array.isArray(condition.Filter) ? condition.Filter : []).map((f): WireFilter => {
        const node = isNode(f) ? f : {};
        return {
          property: text(node, 'Property'),
          operator: text(node, 'Operator'),
          value: text(node, 'Value'),
        };
      });
      const sorts = list(request, 'SortOrders', 'Sort').map((s): WireSort => {
        const node = isNode(s) ? s : {};
        return { property: text(node, 'Property'), direction: text(node, 'Direction') };
      });
      return {
        kind: 'Retrieve',
        ticket: text(request, 'Ticket'),
        entityName: text(request, 'EntityName'),
        filters,
        sorts,
        count: text(request, 'Count'),
        offset: text(request, 'Offset'),
      };
    }
    case 'DeleteRequest':
      return {
        kind: 'Delete',
        ticket: text(request, 'Ticket'),
        entityName: text(request, 'EntityName'),
        ids: list(request, 'Ids', 'Id').map((id) => (typeof id === 'string' ? id : '')),
      };
    default:
      throw invalidRequest(`Unknown request type '${String(type ?? '')}'.`);
  }
}

// ---- answers --------------------------------------------------------------------------------------

/** A value to write: absent values are left out; lists name their element. */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlList;
export interface XmlObject {
  [name: string]: XmlValue;
}
export class XmlList {
  constructor(
    readonly element: string,
    readonly items: XmlObject[],
    readonly order: readonly string[],
  ) {}
}

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

function element(name: string, value: XmlValue, order?: readonly string[]): string {
  if (value === null || value === undefined) return '';
  if (value instanceof XmlList) {
    return `<${name}>${value.items.map((item) => element(value.element, item, value.order)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${children(value, order ?? Object.keys(value))}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function children(object: XmlObject, order: readonly string[]): string {
  return order
    .map((name) =>
      element(name, object[name], name.endsWith('Configuration') ? CONFIGURATION_FIELDS : undefined),
    )
    .join('');
}

export function entityXml(type: EntityName, entity: XmlObject): string {
  return `<Entity xsi:type="${type}">${children(entity, ENTITY_FIELDS[type])}</Entity>`;
}

function envelope(inner: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="${XSI_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Body>${inner}</soap:Body></soap:Envelope>`
  );
}

function result(responseType: string, inner: string): string {
  return envelope(
    `<ExecuteResponse xmlns="${API_NS}"><ExecuteResult xsi:type="${responseType}">${inner}</ExecuteResult></ExecuteResponse>`,
  );
}

export function authenticateResponse(ticket: string, expiresAt: string, workgroupId: string): string {
  return result(
    'AuthenticateResponse',
    `<Ticket><Value>${escapeXml(ticket)}</Value><ExpirationDate>${expiresAt}</ExpirationDate>` +
      `<WorkgroupId>${escapeXml(workgroupId)}</WorkgroupId></Ticket>`,
  );
}

/** CreateResponse, RetrieveResponse or UpdateResponse with its entities. */
export function entitiesResponse(
  responseType: 'CreateResponse' | 'RetrieveResponse' | 'UpdateResponse',
  entities: { type: EntityName; entity: XmlObject }[],
): string {
  return result(
    responseType,
    `<Entities>${entities.map((e) => entityXml(e.type, e.entity)).join('')}</Entities>`,
  );
}

export function deleteResponse(): string {
  return result('DeleteResponse', '');
}

export function faultResponse(fault: MwzFault): string {
  return envelope(
    `<soap:Fault><faultcode>${fault.faultCode}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring>` +
      `<detail><ErrorCode>${fault.code}</ErrorCode></detail></soap:Fault>`,
  );
}

/** `true`/`false` on the wire. */
export function wireBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalidRequest(`'${value}' is not a boolean (true or false).`);
}
