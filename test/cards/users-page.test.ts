import { describe, expect, it } from 'vitest';
import { USERS_PAGE_MAX_ROWS, type UsersPageCardData, usersPageCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { actionByTitle, actionTitles, executeActions, ofType, texts } from './card-query';

function page(overrides: Partial<UsersPageCardData> = {}): UsersPageCardData {
  return {
    batchId: 'batch-7f3a',
    batchName: 'Sales wave 1',
    version: 4,
    page: 2,
    pageCount: 5,
    total: 2000,
    users: [
      { email: 'ann@fabrikam.com', status: 'Failed', percent: 12, error: 'Target mailbox not found.' },
      { email: 'bob@fabrikam.com', status: 'Synced', percent: 95.5 },
      { email: 'cy@fabrikam.com', status: 'Queued' },
    ],
    ...overrides,
  };
}

describe('usersPageCard', () => {
  it('draws a row per user with status, percent, error and a Details button', () => {
    const card = usersPageCard(page());
    expectValidCard(card);
    const rows = ofType(card, 'ColumnSet');
    expect(rows).toHaveLength(3);
    expect(texts(card)).toEqual([
      'Users of Sales wave 1',
      'Page 2 of 5 · 2,000 users',
      'ann@fabrikam.com',
      'Failed · 12%',
      'Target mailbox not found.',
      'bob@fabrikam.com',
      'Synced · 95%',
      'cy@fabrikam.com',
      'Queued',
    ]);
    const statusColours = ofType(card, 'TextBlock')
      .filter((t) => /^(Failed|Synced|Queued)/.test(String(t.text)))
      .map((t) => t.color);
    expect(statusColours).toEqual(['attention', 'good', 'accent']);
    const details = executeActions(card).filter((a) => a.title === 'Details');
    expect(details.map((a) => [a.verb, a.data])).toEqual([
      ['user.status', { email: 'ann@fabrikam.com', batchId: 'batch-7f3a' }],
      ['user.status', { email: 'bob@fabrikam.com', batchId: 'batch-7f3a' }],
      ['user.status', { email: 'cy@fabrikam.com', batchId: 'batch-7f3a' }],
    ]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('keeps each row narrow: the address and status wrap beside an auto-width Details button', () => {
    // Weighted columns beside the button squeezed it at the Playground's width (card-width.test.ts).
    for (const row of ofType(usersPageCard(page()), 'ColumnSet')) {
      const columns = row.columns as { width: string; items: { type: string; wrap?: boolean }[] }[];
      expect(columns.map((c) => c.width)).toEqual(['stretch', 'auto']);
      expect(columns[0]!.items.every((item) => item.wrap === true)).toBe(true);
      expect(columns[1]!.items.map((item) => item.type)).toEqual(['ActionSet']);
    }
  });

  it('pages with Previous and Next and goes back to the batch with its version', () => {
    const card = usersPageCard(page());
    expect(actionTitles(card).filter((t) => t !== 'Details')).toEqual(['Previous', 'Next', 'Back to batch']);
    expect(actionByTitle(card, 'Previous')).toMatchObject({
      verb: 'batch.users',
      data: { batchId: 'batch-7f3a', page: 1 },
    });
    expect(actionByTitle(card, 'Next')).toMatchObject({
      verb: 'batch.users',
      data: { batchId: 'batch-7f3a', page: 3 },
    });
    expect(actionByTitle(card, 'Previous').data).not.toHaveProperty('status');
    expect(actionByTitle(card, 'Back to batch')).toMatchObject({
      verb: 'batch.refresh',
      data: { batchId: 'batch-7f3a', version: 4 },
    });
  });

  it('keeps the status filter when paging and shows it', () => {
    const card = usersPageCard(page({ status: 'Failed', page: 1, pageCount: 2, total: 50 }));
    expectValidCard(card);
    expect(texts(card)[1]).toBe('Status: Failed · Page 1 of 2 · 50 users');
    expect(actionTitles(card)).not.toContain('Previous');
    expect(actionByTitle(card, 'Next').data).toEqual({ batchId: 'batch-7f3a', page: 2, status: 'Failed' });
  });

  it('has no paging buttons on a single page', () => {
    const card = usersPageCard(page({ page: 1, pageCount: 1, total: 3 }));
    expect(card.actions?.map((a) => a.title)).toEqual(['Back to batch']);
  });

  it('says when there are no users', () => {
    const empty = usersPageCard(page({ users: [], page: 1, pageCount: 0, total: 0 }));
    expectValidCard(empty);
    expect(texts(empty)).toEqual([
      'Users of Sales wave 1',
      'Page 1 of 1 · 0 users',
      'This batch has no users.',
    ]);
    const filtered = usersPageCard(page({ users: [], status: 'Failed', page: 1, pageCount: 1, total: 0 }));
    expect(texts(filtered)).toContain('No users with status Failed.');
  });

  it(`draws at most ${USERS_PAGE_MAX_ROWS} rows and stays small with long emails and errors`, () => {
    const users = Array.from({ length: 100 }, (_, i) => ({
      email: `${'x'.repeat(230)}${i}@fabrikam.com`,
      status: 'Failed',
      percent: i,
      error: 'E'.repeat(10_000),
    }));
    const card = usersPageCard(page({ users, batchName: 'B'.repeat(1_000) }));
    expectValidCard(card);
    expect(ofType(card, 'ColumnSet')).toHaveLength(USERS_PAGE_MAX_ROWS);
    expect(texts(card)).toContain('…and 75 more on this page.');
    expect(
      texts(card)
        .filter((t) => t.startsWith('EEE'))
        .every((t) => t.length === 200),
    ).toBe(true);
  });
});
