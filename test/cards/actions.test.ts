import { describe, expect, it } from 'vitest';
import { actionRow, CARD_VERBS, executeAction } from '../../cards';
import { expectValidCard } from '../support/card-schema';

describe('executeAction', () => {
  it('builds an Action.Execute with verb and typed data, leaving out absent fields', () => {
    expect(executeAction('Next', 'batch.users', { batchId: 'b', page: 2, status: undefined })).toEqual({
      type: 'Action.Execute',
      title: 'Next',
      verb: 'batch.users',
      data: { batchId: 'b', page: 2 },
    });
    expect(executeAction('Go', 'batch.start', { batchId: 'b', version: 1 }, 'positive')).toMatchObject({
      style: 'positive',
    });
    expect(executeAction('Go', 'batch.start', { batchId: 'b', version: 1 }, 'default')).not.toHaveProperty(
      'style',
    );
    expect(
      executeAction('Cancel', 'batch.refresh', { batchId: 'b', version: 1 }, undefined, {
        associatedInputs: 'none',
      }),
    ).toMatchObject({ associatedInputs: 'none' });
  });

  it('only accepts data of the verb type', () => {
    // @ts-expect-error batch.refresh needs a version
    const missing = executeAction('Refresh', 'batch.refresh', { batchId: 'b' });
    // @ts-expect-error a verb outside the table
    const unknown = executeAction('Approve', 'batch.approve', {});
    expect([missing.verb, unknown.verb]).toEqual(['batch.refresh', 'batch.approve']);
    expect(CARD_VERBS).toContain('batch.refresh');
  });
});

describe('actionRow', () => {
  const button = (i: number) => executeAction(`B${i}`, 'batch.refresh', { batchId: 'b', version: i });

  it('keeps up to six buttons in the row', () => {
    const six = [1, 2, 3, 4, 5, 6].map(button);
    expect(actionRow(six)).toEqual(six);
  });

  it('moves the rest under "More" when there are more than six', () => {
    const eight = [1, 2, 3, 4, 5, 6, 7, 8].map(button);
    const row = actionRow(eight);
    expect(row).toHaveLength(6);
    expect(row.slice(0, 5)).toEqual(eight.slice(0, 5));
    expect(row[5]).toEqual({
      type: 'Action.ShowCard',
      title: 'More',
      card: { type: 'AdaptiveCard', body: [], actions: eight.slice(5) },
    });
    expectValidCard({ type: 'AdaptiveCard', version: '1.5', body: [], actions: row });
  });
});
