import type { BatchStatusView } from '../../cards';

/** A batch card view for a 2,000-user cross-tenant batch, still syncing, with 50 failed users. */
export function makeBatchStatusView(overrides: Partial<BatchStatusView> = {}): BatchStatusView {
  const failures = Array.from({ length: 50 }, (_, i) => ({
    email: `failed${String(i + 1).padStart(2, '0')}@fabrikam.com`,
    status: 'Failed',
    error: `MigrationPermanentException: Target mailbox failed${i + 1} doesn't have an SMTP proxy matching 'contoso.mail.onmicrosoft.com'.`,
  }));
  return {
    batchId: 'batch-7f3a',
    version: 4,
    name: 'Sales wave 1',
    tenantName: 'Fabrikam',
    scenario: 'cross-tenant',
    state: 'Syncing',
    totalUsers: 2000,
    counts: [
      { status: 'Synced', count: 1900 },
      { status: 'Syncing', count: 50 },
      { status: 'Failed', count: 50 },
    ],
    progressPercent: 37.4,
    bytesTransferred: 13_207_024_435,
    bytesTotal: 40 * 1024 ** 3,
    etaText: 'about 12 min',
    failures,
    lastSyncedAt: '2026-11-22T17:45:00Z',
    updatedAt: '2026-11-22T18:00:00Z',
    actions: {},
    ...overrides,
  };
}
