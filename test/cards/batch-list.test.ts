import { describe, expect, it } from 'vitest';
import { BATCH_LIST_MAX_ROWS, type BatchListItem, batchListCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, ofType, texts } from './card-query';

function batch(i: number, overrides: Partial<BatchListItem> = {}): BatchListItem {
  return {
    batchId: `batch-${i}`,
    version: i + 1,
    name: `Wave ${i}`,
    tenantName: 'Fabrikam',
    scenario: 'cross-tenant',
    state: 'Syncing',
    totalUsers: 1000 + i,
    progressPercent: 10 * i,
    ...overrides,
  };
}

describe('batchListCard', () => {
  it('draws a row per batch with state, progress and an Open button', () => {
    const card = batchListCard({ batches: [batch(1), batch(2, { state: 'Failed', name: 'Wave two' })] });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Migration batches',
      'Showing 2 batches',
      'Wave 1',
      'Fabrikam · cross-tenant · 1,001 users',
      'Syncing',
      '10%',
      'Wave two',
      'Fabrikam · cross-tenant · 1,002 users',
      'Failed',
      '20%',
    ]);
    expect(ofType(card, 'TextBlock').find((t) => t.text === 'Failed')!.color).toBe('attention');
    expect(executeActions(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Open', 'batch.refresh', { batchId: 'batch-1', version: 2 }],
      ['Open', 'batch.refresh', { batchId: 'batch-2', version: 3 }],
    ]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('says when there are no batches', () => {
    const card = batchListCard({ batches: [] });
    expectValidCard(card);
    expect(texts(card)).toEqual(['Migration batches', 'No batches yet.']);
  });

  it('says when more batches exist', () => {
    const card = batchListCard({ batches: [batch(1)], continuation: 'token-1' });
    expectValidCard(card);
    expect(texts(card).at(-1)).toBe('More batches exist than this list shows.');
    expect(JSON.stringify(card)).not.toContain('token-1');
  });

  it(`lists at most ${BATCH_LIST_MAX_ROWS} batches`, () => {
    const many = Array.from({ length: 60 }, (_, i) => batch(i, { name: 'L'.repeat(500) }));
    const card = batchListCard({ batches: many, continuation: 'next' });
    expectValidCard(card);
    expect(executeActions(card)).toHaveLength(BATCH_LIST_MAX_ROWS);
    expect(texts(card)[1]).toBe('Showing 25 batches');
    expect(texts(card).at(-1)).toBe('…and 35 more, and more after those.');
  });
});
