import { describe, expect, it } from 'vitest';
import type { Batch, BatchSummary, BatchUser } from '../../../services/model/batch';
import type { UserStatus } from '../../../services/model/statuses';
import { etaText, summarize } from '../../../services/model/summary';

function users(...statuses: UserStatus[]): BatchUser[] {
  return statuses.map((status, i) => ({
    id: `u${i}`,
    pk: 'b',
    type: 'batchUser',
    tenantId: 't',
    batchId: 'b',
    email: `u${i}@fabrikam.com`,
    status,
    updatedAt: '2026-11-22T18:00:00Z',
  }));
}

/** Summaries of the same batch a minute apart, the users given at each step. */
function over(...steps: UserStatus[][]): BatchSummary {
  let summary: BatchSummary | undefined;
  steps.forEach((statuses, minute) => {
    summary = summarize(users(...statuses), summary, new Date(Date.UTC(2026, 10, 22, 18, minute)));
  });
  return summary as BatchSummary;
}

function batch(state: Batch['state'], summary: BatchSummary, extra: Partial<Batch> = {}): Batch {
  return { state, summary, ...extra } as Batch;
}

describe('batch progress and time left', () => {
  it('counts the lifecycle: synced is 80%, completed 100%', () => {
    expect(over(['Synced', 'Synced']).percent).toBe(80);
    expect(over(['Completed', 'Completed']).percent).toBe(100);
    expect(over(['Syncing', 'Queued']).percent).toBe(20);
  });

  it('measures the time left to synced, not to a cutover that waits for an admin', () => {
    // 10 users: 0.4 units a minute, from 4 to 4.4; synced is 8 units, so 3.6 units are left: 9 minutes.
    const before = Array<UserStatus>(10).fill('Syncing');
    const after: UserStatus[] = ['Synced', ...Array<UserStatus>(9).fill('Syncing')];
    const summary = over(before, after);
    expect(summary.etaSeconds).toBe(9 * 60);
    expect(etaText(batch('Syncing', summary))).toBe('about 9 min');
  });

  it('measures users already in the cutover up to completed', () => {
    const summary = over(['Synced', 'Synced'], ['CompletionSynced', 'Synced']);
    // 1.6 to 1.65 units in a minute; the goal is 1 + 0.8 = 1.8: 0.15 units left, 3 minutes.
    expect(summary.etaSeconds).toBe(180);
  });

  it('has no time left for a synced batch waiting for cutover, even right after it moved', () => {
    const summary = over(['Syncing', 'Syncing'], ['Synced', 'Syncing'], ['Synced', 'Synced']);
    expect(summary.etaSeconds).toBe(0);
    for (const state of ['Synced', 'SyncedWithErrors'] as const)
      expect(etaText(batch(state, summary)), state).toBeUndefined();
  });

  it('has no time left for a stopped, stopping or failed batch', () => {
    const summary = over(['Syncing', 'Syncing'], ['Synced', 'Syncing']);
    expect(etaText(batch('Syncing', summary))).toBe('about a minute');
    for (const state of ['Stopping', 'Stopped', 'Failed', 'Corrupted', 'Created', 'Completed'] as const)
      expect(etaText(batch(state, summary)), state).toBeUndefined();
    const stopAsked = { action: 'stop' as const, intentId: 'i', requestedAt: '2026-11-22T18:02:00Z' };
    expect(etaText(batch('Syncing', summary, { pending: stopAsked }))).toBeUndefined();
  });
});
