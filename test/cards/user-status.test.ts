import { describe, expect, it } from 'vitest';
import { type UserStatusCardData, userStatusCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { actionByTitle, actionTitles, facts, ofType, texts } from './card-query';

function user(overrides: Partial<UserStatusCardData> = {}): UserStatusCardData {
  return {
    email: 'ann@fabrikam.com',
    batchId: 'batch-7f3a',
    batchName: 'Sales wave 1',
    status: 'Syncing',
    percent: 45.2,
    bytesTransferred: 1.2 * 1024 ** 3,
    bytesTotal: 4 * 1024 ** 3,
    itemsSynced: 12_345,
    itemsTotal: 50_000,
    skippedItems: 3,
    lastSyncAt: '2026-11-22T17:45:10Z',
    ...overrides,
  };
}

describe('userStatusCard', () => {
  it('shows percent, bytes, items, skipped items and last sync', () => {
    const card = userStatusCard(user());
    expectValidCard(card);
    expect(texts(card).slice(0, 3)).toEqual(['ann@fabrikam.com', 'Syncing', 'Batch: Sales wave 1']);
    expect(texts(card)).toContain('45% complete');
    expect(facts(card)[0]).toEqual({
      Data: '1.2 GB of 4 GB',
      Items: '12,345 of 50,000',
      'Skipped items': '3',
      'Last sync': '2026-11-22 17:45 UTC',
    });
    const bar = ofType(card, 'ColumnSet')[1]!.columns as { width: string }[];
    expect(bar.map((c) => c.width)).toEqual(['45', '55']);
    expect(texts(card)).not.toContain('Error');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('refreshes itself and opens the batch users', () => {
    const card = userStatusCard(user());
    expect(actionTitles(card)).toEqual(['Refresh', 'Batch users']);
    expect(actionByTitle(card, 'Refresh')).toMatchObject({
      verb: 'user.status',
      data: { email: 'ann@fabrikam.com', batchId: 'batch-7f3a' },
    });
    expect(actionByTitle(card, 'Batch users')).toMatchObject({
      verb: 'batch.users',
      data: { batchId: 'batch-7f3a', page: 1 },
    });
  });

  it('shows the error in attention style and works without a batch or a sync', () => {
    const card = userStatusCard(
      user({
        batchId: undefined,
        batchName: undefined,
        status: 'Failed',
        percent: 0,
        lastSyncAt: undefined,
        error: 'TransientException: The remote server returned an error: (503) Server Unavailable.',
      }),
    );
    expectValidCard(card);
    expect(texts(card).some((t) => t.startsWith('Batch:'))).toBe(false);
    expect(facts(card)[0]!['Last sync']).toBe('Not synced yet');
    const errorBox = ofType(card, 'Container').find((c) => c.style === 'attention')!;
    expect((errorBox.items as { text: string }[]).map((i) => i.text)).toEqual([
      'Error',
      'TransientException: The remote server returned an error: (503) Server Unavailable.',
    ]);
    expect(actionTitles(card)).toEqual(['Refresh']);
    expect(actionByTitle(card, 'Refresh').data).toEqual({ email: 'ann@fabrikam.com' });
    // 0%: an empty bar, with no filled column.
    expect(ofType(card, 'ColumnSet')[1]!.columns).toMatchObject([{ width: '100', style: 'emphasis' }]);
    const failedPart = userStatusCard(user({ status: 'Failed', percent: 30 }));
    expect(ofType(failedPart, 'ColumnSet')[1]!.columns).toMatchObject([
      { width: '30', style: 'attention' },
      { width: '70', style: 'emphasis' },
    ]);
  });

  it('stays small with a huge error text', () => {
    const card = userStatusCard(
      user({ error: 'x'.repeat(100_000), email: `${'a'.repeat(300)}@fabrikam.com` }),
    );
    expectValidCard(card);
  });
});

describe('userStatusCard for engines with passes, item types and workloads', () => {
  it('lists each pass with its dates and failure, the items by type, and what the user must do', () => {
    const card = userStatusCard(
      user({
        status: 'WaitingForUser',
        sourceEmail: 'ann@fabrikam.com',
        passes: [
          {
            type: 'Full (delta)',
            status: 'Waiting for the user (WaitingForEndUser)',
            submittedAt: '2026-12-06T10:00:00Z',
          },
          {
            type: 'Verify credentials',
            status: 'Failed',
            submittedAt: '2026-12-05T09:00:00Z',
            completedAt: '2026-12-05T09:02:00Z',
            failure: '(401) Unauthorized',
          },
        ],
        itemTypes: [
          {
            itemType: 'Mail',
            successCount: 1200,
            successBytes: 300 * 1024 ** 2,
            errorCount: 0,
            errorBytes: 0,
          },
          {
            itemType: 'Calendar',
            successCount: 40,
            successBytes: 1024 ** 2,
            errorCount: 3,
            errorBytes: 90 * 1024 ** 2,
          },
        ],
        waitingForUser: 'Open the link MigrationWiz mailed you and enter your mailbox password.',
      }),
    );
    expectValidCard(card);
    const all = texts(card);
    expect(all).toContain('Waiting for the user');
    expect(all).toContain('Open the link MigrationWiz mailed you and enter your mailbox password.');
    expect(all).toContain('Full (delta) · Waiting for the user (WaitingForEndUser)');
    expect(all).toContain('submitted 2026-12-05 09:00 UTC · done 2026-12-05 09:02 UTC');
    expect(all).toContain('(401) Unauthorized');
    const byType = facts(card).find((f) => 'Calendar' in f)!;
    expect(byType.Mail).toBe('1,200 moved (300 MB)');
    expect(byType.Calendar).toBe('40 moved (1 MB) · 3 failed (90 MB)');
    expect(facts(card)[0]?.From).toBe('ann@fabrikam.com');
  });

  it('shows each workload of a move with its status and error', () => {
    const card = userStatusCard(
      user({
        workloads: [
          { workload: 'Exchange', status: 'synced' },
          { workload: 'OneDrive', status: 'failed', message: 'CTTM-005: the user has no licence' },
        ],
      }),
    );
    expectValidCard(card);
    const workloads = facts(card).find((f) => 'OneDrive' in f)!;
    expect(workloads).toEqual({ Exchange: 'synced', OneDrive: 'failed · CTTM-005: the user has no licence' });
    expect(texts(card)).toContain('Workloads');
    const unsized = userStatusCard(
      user({
        bytesTransferred: undefined,
        bytesTotal: undefined,
        itemsSynced: undefined,
        itemsTotal: undefined,
        skippedItems: undefined,
        workloads: [{ workload: 'Exchange', status: 'syncing' }],
      }),
    );
    expectValidCard(unsized);
    expect(Object.keys(facts(unsized)[0]!)).toEqual(['Last sync']);
  });
});
