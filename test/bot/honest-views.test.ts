import { describe, expect, it } from 'vitest';
import { batchStatusCard } from '../../cards';
import { noticePreviewNote } from '../../bot/notice-views';
import { batchView, cutoverText } from '../../bot/views';
import type { Batch } from '../../services/model/batch';
import type { Scenario } from '../../services/model/statuses';
import { expectValidCard } from '../support/card-schema';

function batch(scenario: Scenario, state: Batch['state'], extra: Partial<Batch> = {}): Batch {
  return {
    id: 'fabrikam~wave1',
    pk: 'fabrikam',
    type: 'batch',
    tenantId: 'fabrikam',
    name: 'Wave1',
    nameKey: 'wave1',
    scenario,
    version: 3,
    state,
    userCount: 2,
    createdBy: { id: 'u' },
    createdAt: '2026-11-22T17:00:00Z',
    updatedAt: '2026-11-22T18:00:00Z',
    summary: {
      total: 2,
      counts: { Synced: 2 },
      percent: 80,
      failures: [],
      failureCount: 0,
      done: 1.6,
      samples: [
        { at: '2026-11-22T17:50:00Z', done: 1.2 },
        { at: '2026-11-22T18:00:00Z', done: 1.6 },
      ],
      etaSeconds: 300,
    },
    ...extra,
  } as Batch;
}

const texts = (card: object) => JSON.stringify(card);

describe('what the batch card and the confirmations promise', () => {
  it('a synced batch reads ready for cutover, not 80% with a time left', () => {
    const view = batchView(batch('cross-tenant', 'Synced'), 'Northwind');
    expect(view.etaText).toBeUndefined();
    const card = batchStatusCard(view);
    expectValidCard(card);
    expect(texts(card)).toContain('Synced · ready for cutover');
    expect(texts(card)).not.toContain('80%');
    expect(texts(card)).not.toContain('Time left');
    // Said once, in the progress line, not again as a note.
    expect(texts(card).match(/ready for cutover/gi)).toHaveLength(1);
  });

  it('a hybrid batch says no profile reset is needed, and that no notices went out once done', () => {
    const syncing = batchView(batch('hybrid', 'Syncing'), 'Fabrikam');
    expect(syncing.outlookNote).toBe('Hybrid move: users keep their Outlook profile, no reset is needed.');
    const done = batchView(batch('hybrid', 'Completed'), 'Fabrikam');
    expect(done.outlookNote).toBe(
      'Hybrid move: users keep their Outlook profile, no reset is needed. No notices were sent to users.',
    );
    expect(batchView(batch('cross-tenant', 'Completed'), 'Northwind').outlookNote).toBeUndefined();
  });

  it('the cutover text promises a new Outlook profile only where one is needed', () => {
    for (const scenario of ['cross-tenant', 'staged', 'third-party', 'hosted'] as const)
      expect(cutoverText(batch(scenario, 'Synced')), scenario).toContain('Outlook needs a new profile');
    const hybrid = cutoverText(batch('hybrid', 'Synced'));
    expect(hybrid).not.toContain('needs a new profile');
    expect(hybrid).toContain('without a new profile');
  });

  it('the cutover text says when it happens once, without "give a time" beside a blank-means-now input', () => {
    const now = cutoverText(batch('cross-tenant', 'Synced'));
    expect(now).toBe(
      "Cut over Wave1: each user's mailbox switches to the target, and Outlook needs a new profile.",
    );
    expect(now).not.toMatch(/give a time|now/i);
    const later = cutoverText(batch('cross-tenant', 'Syncing'));
    expect(later).toMatch(/can only be scheduled/);
    expect(later).not.toMatch(/blank|now/i);
    expect(cutoverText(batch('cross-tenant', 'Syncing'), '2026-11-22T18:00:00Z')).toMatch(
      /^Cut over Wave1 at /,
    );
  });

  it('the notice preview says why a hybrid batch gets no notice', () => {
    const notice = { email: 'ann@fabrikam.com' };
    expect(noticePreviewNote({ applies: true, notice, batch: { scenario: 'hybrid' } }, 'reset')).toBe(
      'Preview of what ann@fabrikam.com will receive (reset):',
    );
    expect(noticePreviewNote({ applies: false, notice, batch: { scenario: 'hybrid' } }, 'reset')).toMatch(
      /^Hybrid moves need no profile reset, so this batch's users get no notice/,
    );
    expect(noticePreviewNote({ applies: false, notice, batch: { scenario: 'staged' } }, 'reset')).toMatch(
      /^Notices are off for this batch/,
    );
  });
});
