import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { CutoverError } from '../errors';
import type { FieldValue, Query } from './document-store';

/** A query named a field that cannot be a plain top-level property name. */
export class InvalidQueryFieldError extends CutoverError {
  readonly code = 'invalid_query_field';
  constructor(readonly field: string) {
    super(`${JSON.stringify(field)} is not a valid field name for a query (letters, digits and _ only)`);
  }
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words the Cosmos DB query language reserves: such properties need c["name"]. */
const RESERVED = new Set(
  (
    'and array as asc between by case cast convert cross desc distinct else end escape exists false for ' +
    'from group having in inner insert into is join left like limit not null offset on or order outer ' +
    'over right select set then top true udf undefined update value when where with'
  ).split(' '),
);

/** Throws InvalidQueryFieldError unless `field` is a plain top-level property name. */
export function assertFieldName(field: string): void {
  if (typeof field !== 'string' || !FIELD_NAME.test(field)) throw new InvalidQueryFieldError(String(field));
}

/** The property reference for a validated field name: c.name, or c["name"] for reserved words. */
export function fieldRef(field: string): string {
  assertFieldName(field);
  return RESERVED.has(field.toLowerCase()) ? `c["${field}"]` : `c.${field}`;
}

/**
 * Translates the port's Query into one parameterized statement. Field names
 * are validated and values are always parameters. `null` matches a missing
 * field as well as an explicit null, as in the local store. The default
 * order is by id; paging uses continuation tokens, never OFFSET/LIMIT.
 */
export function buildCosmosQuery(query: Query): SqlQuerySpec {
  const parameters: SqlParameter[] = [];
  const param = (value: FieldValue | FieldValue[], name = `@p${parameters.length}`): string => {
    parameters.push({ name, value });
    return name;
  };
  const conditions: string[] = [];
  if (query.pk !== undefined) conditions.push(`c.pk = ${param(query.pk, '@pk')}`);
  for (const [field, expected] of Object.entries(query.where ?? {})) {
    const ref = fieldRef(field);
    if (Array.isArray(expected)) conditions.push(anyOf(ref, expected, param));
    else if (expected === null) conditions.push(missing(ref));
    else conditions.push(`${ref} = ${param(expected)}`);
  }
  const order = query.orderBy ?? { field: 'id' };
  const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return { query: `SELECT * FROM c${where} ORDER BY ${fieldRef(order.field)} ${direction}`, parameters };
}

function anyOf(ref: string, expected: FieldValue[], param: (value: FieldValue[]) => string): string {
  const values = expected.filter((value) => value !== null);
  const parts: string[] = [];
  if (values.length) parts.push(`ARRAY_CONTAINS(${param(values)}, ${ref})`);
  if (values.length !== expected.length) parts.push(missing(ref));
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

function missing(ref: string): string {
  return `(NOT IS_DEFINED(${ref}) OR IS_NULL(${ref}))`;
}
