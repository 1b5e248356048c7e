import { describe, expect, it } from 'vitest';
import { buildCosmosQuery, fieldRef, InvalidQueryFieldError } from '../../../services/store/cosmos-query';

describe('buildCosmosQuery', () => {
  it('orders by id when nothing else is asked', () => {
    expect(buildCosmosQuery({})).toEqual({ query: 'SELECT * FROM c ORDER BY c.id ASC', parameters: [] });
  });

  it('puts the partition key and every value in parameters', () => {
    expect(
      buildCosmosQuery({
        pk: 'batch-1',
        where: { status: 'Failed', userCount: 3, active: true },
        orderBy: { field: 'email', direction: 'desc' },
      }),
    ).toEqual({
      query:
        'SELECT * FROM c WHERE c.pk = @pk AND c.status = @p1 AND c.userCount = @p2 AND c.active = @p3 ORDER BY c.email DESC',
      parameters: [
        { name: '@pk', value: 'batch-1' },
        { name: '@p1', value: 'Failed' },
        { name: '@p2', value: 3 },
        { name: '@p3', value: true },
      ],
    });
  });

  it('matches a missing field or an explicit null for a null filter', () => {
    expect(buildCosmosQuery({ where: { pending: null } }).query).toBe(
      'SELECT * FROM c WHERE (NOT IS_DEFINED(c.pending) OR IS_NULL(c.pending)) ORDER BY c.id ASC',
    );
  });

  it('turns an array into ARRAY_CONTAINS, with null meaning missing too, and [] matching nothing', () => {
    expect(buildCosmosQuery({ where: { state: ['Syncing', 'Synced'] } })).toEqual({
      query: 'SELECT * FROM c WHERE (ARRAY_CONTAINS(@p0, c.state)) ORDER BY c.id ASC',
      parameters: [{ name: '@p0', value: ['Syncing', 'Synced'] }],
    });
    expect(buildCosmosQuery({ where: { tag: ['a', null] } })).toEqual({
      query:
        'SELECT * FROM c WHERE (ARRAY_CONTAINS(@p0, c.tag) OR (NOT IS_DEFINED(c.tag) OR IS_NULL(c.tag))) ORDER BY c.id ASC',
      parameters: [{ name: '@p0', value: ['a'] }],
    });
    expect(buildCosmosQuery({ where: { tag: [] } })).toEqual({
      query: 'SELECT * FROM c WHERE false ORDER BY c.id ASC',
      parameters: [],
    });
  });

  it('quotes reserved words and keeps SQL text in values inert', () => {
    expect(buildCosmosQuery({ where: { value: "1 OR '1'='1" }, orderBy: { field: 'order' } })).toEqual({
      query: `SELECT * FROM c WHERE c["value"] = @p0 ORDER BY c["order"] ASC`,
      parameters: [{ name: '@p0', value: "1 OR '1'='1" }],
    });
  });

  it.each(['x OR 1=1', 'a.b', 'a"]', '1abc', '', 'name--', 'c.id', 'id DESC'])(
    'refuses the field name %j in a filter and in the order',
    (field) => {
      expect(() => buildCosmosQuery({ where: { [field]: 1 } })).toThrow(InvalidQueryFieldError);
      expect(() => buildCosmosQuery({ orderBy: { field } })).toThrow(InvalidQueryFieldError);
    },
  );

  it('names the refused field on the error', () => {
    const error = (() => {
      try {
        fieldRef('x OR 1=1');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid_query_field', field: 'x OR 1=1' });
  });
});
