import { connectorView, errorView, itemView, passView, statView } from './entity-views';
import { invalidRequest } from './mwz-fault';
import { FINAL_STATUSES } from './mwz-schema';
import type { MigrationWizState } from './mwz-state';
import {
  ENTITY_FIELDS,
  ENTITY_NAMES,
  type EntityName,
  type WireFilter,
  type WireSort,
  type XmlObject,
  type XmlValue,
} from './soap-shapes';
import type { TicketGrant } from './tickets';

const OPERATORS = [
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqual',
  'LessThan',
  'LessThanOrEqual',
  'In',
] as const;
const MAX_IN_VALUES = 100;

export interface RetrieveQuery {
  entityName: string;
  filters: WireFilter[];
  sorts: WireSort[];
  count: string;
  offset: string;
}

function records(state: MigrationWizState, grant: TicketGrant, name: EntityName, now: number): XmlObject[] {
  const connectors = state.connectors.filter((c) => c.workgroupId === grant.workgroupId);
  const connectorIds = new Set(connectors.map((c) => c.id));
  const items = state.items.filter((i) => connectorIds.has(i.connectorId));
  switch (name) {
    case 'MailboxConnector':
      return connectors.map(connectorView);
    case 'Mailbox':
      return items.map(itemView);
    case 'MailboxMigration':
      return state.passes.filter((p) => connectorIds.has(p.connectorId)).map(passView);
    case 'MailboxError':
      return state.errors.filter((e) => connectorIds.has(e.connectorId)).map(errorView);
    case 'MailboxStat': {
      const running = new Map(
        state.passes.filter((p) => !FINAL_STATUSES.includes(p.status)).map((p) => [p.mailboxId, p]),
      );
      return items.map((i) => statView(i, running.get(i.id), now));
    }
  }
}

function simpleField(name: EntityName, property: string): string {
  const field = ENTITY_FIELDS[name].find((f) => f.toLowerCase() === property.trim().toLowerCase());
  if (!field || /Password|Configuration|Entries/.test(field)) {
    throw invalidRequest(`'${property}' is not a property of ${name} that can be filtered or sorted on.`);
  }
  return field;
}

/** -1, 0 or 1: dates as times, numbers as numbers, the rest as case-insensitive text. */
function compare(field: string, value: XmlValue, wanted: string): number {
  if (typeof value === 'number') return Math.sign(value - Number(wanted));
  if (field.endsWith('Date')) {
    const time = Date.parse(wanted);
    if (Number.isNaN(time)) throw invalidRequest(`'${wanted}' is not a date for ${field}.`);
    return Math.sign(Date.parse(String(value)) - time);
  }
  return String(value).toLowerCase().localeCompare(wanted.toLowerCase());
}

function matches(
  record: XmlObject,
  field: string,
  operator: (typeof OPERATORS)[number],
  wanted: string,
): boolean {
  const value = record[field];
  if (value === undefined || value === null)
    return operator === 'NotEquals' ? wanted !== '' : wanted === '' && operator === 'Equals';
  switch (operator) {
    case 'Equals':
      return compare(field, value, wanted) === 0;
    case 'NotEquals':
      return compare(field, value, wanted) !== 0;
    case 'GreaterThan':
      return compare(field, value, wanted) > 0;
    case 'GreaterThanOrEqual':
      return compare(field, value, wanted) >= 0;
    case 'LessThan':
      return compare(field, value, wanted) < 0;
    case 'LessThanOrEqual':
      return compare(field, value, wanted) <= 0;
    case 'In': {
      const values = wanted
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (values.length > MAX_IN_VALUES) throw invalidRequest(`'In' takes at most ${MAX_IN_VALUES} values.`);
      return values.some((v) => compare(field, value, v) === 0);
    }
  }
}

function whole(value: string, name: string, min: number, max: number, fallback: number): number {
  if (value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw invalidRequest(`${name} must be a whole number from ${min} to ${max}; got '${value}'.`);
  }
  return number;
}

/** RetrieveRequest: the filtered, sorted page of one entity type in the ticket's workgroup. */
export function retrieveEntities(
  state: MigrationWizState,
  grant: TicketGrant,
  query: RetrieveQuery,
  now: number,
): { type: EntityName; entity: XmlObject }[] {
  const name = ENTITY_NAMES.find((n) => n.toLowerCase() === query.entityName.trim().toLowerCase());
  if (!name)
    throw invalidRequest(`EntityName must be one of ${ENTITY_NAMES.join(', ')}; got '${query.entityName}'.`);
  const count = whole(query.count, 'Count', 1, 100, 100);
  const offset = whole(query.offset, 'Offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const filters = query.filters.map((f) => {
    const operator = OPERATORS.find((o) => o.toLowerCase() === f.operator.trim().toLowerCase());
    if (!operator)
      throw invalidRequest(`Operator must be one of ${OPERATORS.join(', ')}; got '${f.operator}'.`);
    return { field: simpleField(name, f.property), operator, value: f.value };
  });
  const sorts = query.sorts.map((s) => {
    const direction = s.direction.trim().toLowerCase();
    if (direction !== 'ascending' && direction !== 'descending' && direction !== '') {
      throw invalidRequest(`Direction must be Ascending or Descending; got '${s.direction}'.`);
    }
    return { field: simpleField(name, s.property), sign: direction === 'descending' ? -1 : 1 };
  });
  const found = records(state, grant, name, now).filter((r) =>
    filters.every((f) => matches(r, f.field, f.operator, f.value)),
  );
  if (sorts.length > 0) {
    found.sort((a, b) => {
      for (const { field, sign } of sorts) {
        const x = a[field];
        const y = b[field];
        if (x === y) continue;
        if (x === undefined || x === null) return -sign;
        if (y === undefined || y === null) return sign;
        const order = compare(field, x, String(y));
        if (order !== 0) return order * sign;
      }
      return 0;
    });
  }
  return found.slice(offset, offset + count).map((entity) => ({ type: name, entity }));
}
