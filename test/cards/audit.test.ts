// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import { AUDIT_CARD_MAX_ROWS, type AuditCardData, type AuditCardEvent, auditCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, ofType, texts } from './card-query';

const EVENTS: AuditCardEvent[] = [
  {
    at: '2026-11-22T18:05:00Z',
    actor: 'Cutover',
    action: 'batch.start',
    outcome: 'done',
    batchVersion: 5,
  },
  {
    at: '2026-11-22T18:00:00Z',
    actor: 'Alex Wilber',
    action: 'approval.approve',
    outcome: 'approved',
    batchVersion: 4,
    detail: 'Quorum reached (2 of 2).',
  },
  {
    at: '2026-11-22T17:40:00Z',
    actor: 'Lee Gu',
    action: 'approval.approve',
    outcome: 'refused',
    batchVersion: 4,
    detail: 'Lee Gu is not an approver for Fabrikam.',
  },
  { at: '2026-11-22T17:00:00Z', actor: 'Adele Vance', action: 'batch.create', outcome: 'requested' },
];

function audit(overrides: Partial<AuditCardData> = {}): AuditCardData {
  return {
    batchId: 'batch-7f3a',
    batchName: 'Sales wave 1',
    page: 1,
    pageCount: 1,
    events: EVENTS,
    ...overrides,
  };
}

describe('auditCard', () => {
  it('draws one compact row per event, in the order given', () => {
    const card = auditCard(audit());
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Audit trail: Sales wave 1',
      'Page 1 of 1 · newest first',
      '2026-11-22 18:05 UTC',
      'Cutover · batch.start',
      'done',
      'v5',
      '2026-11-22 18:00 UTC',
      'Alex Wilber · approval.approve',
      'Quorum reached (2 of 2).',
      'approved',
      'v4',
      '2026-11-22 17:40 UTC',
      'Lee Gu · approval.approve',
      'Lee Gu is not an approver for Fabrikam.',
      'refused',
      'v4',
      '2026-11-22 17:00 UTC',
      'Adele Vance · batch.create',
      'requested',
      '–',
    ]);
    expect(card.actions).toEqual([]);
  });

  it('colours each outcome', () => {
    const outcomes = [
      'requested',
      'done',
      'refused',
      'failed',
      'approved',
      'rejected',
      'expired',
      'void',
    ] as const;
    const card = auditCard(
      audit({ events: outcomes.map((outcome) => ({ ...EVENTS[3]!, outcome, action: `a.${outcome}` })) }),
    );
    expectValidCard(card);
    const colour = (outcome: string) => ofType(card, 'TextBlock').find((t) => t.text === outcome)!.color;
    expect(Object.fromEntries(outcomes.map((o) => [o, colour(o)]))).toEqual({
      requested: 'accent',
      done: 'good',
      refused: 'warning',
      failed: 'attention',
      approved: 'good',
      rejected: 'attention',
      expired: 'warning',
      void: 'default',
    });
  });

  it('pages with Previous (newer) and Next (older)', () => {
    const first = auditCard(audit({ page: 1, pageCount: 3 }));
    expectValidCard(first);
    expect(texts(first)[1]).toBe('Page 1 of 3 · newest first');
    expect(first.actions).toEqual([
      { type: 'Action.Execute', title: 'Next', verb: 'audit.page', data: { batchId: 'batch-7f3a', page: 2 } },
    ]);
    const middle = auditCard(audit({ page: 2, pageCount: 3 }));
    expectValidCard(middle);
    expect(executeActions(middle).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Previous', 'audit.page', { batchId: 'batch-7f3a', page: 1 }],
      ['Next', 'audit.page', { batchId: 'batch-7f3a', page: 3 }],
    ]);
    const last = auditCard(audit({ page: 3, pageCount: 3 }));
    expect(executeActions(last).map((a) => [a.title, a.data])).toEqual([
      ['Previous', { batchId: 'batch-7f3a', page: 2 }],
    ]);
  });

  it('says when there are no events', () => {
    const card = auditCard(audit({ events: [], pageCount: 0 }));
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Audit trail: Sales wave 1',
      'Page 1 of 1 · newest first',
      'No events recorded for this batch yet.',
    ]);
    expect(card.actions).toEqual([]);
    const beyond = auditCard(audit({ events: [], page: 4, pageCount: 3 }));
    expect(texts(beyond)).toContain('No events on this page.');
    expect(executeActions(beyond).map((a) => a.title)).toEqual(['Previous']);
  });

  it(`draws at most ${AUDIT_CARD_MAX_ROWS} events and stays small with long text`, () => {
    const long = (c: string) => c.repeat(3_000);
    const events = Array.from({ length: 200 }, (_, i) => ({
      at: '2026-11-22T17:00:00Z',
      actor: `Actor ${i} ${long('a')}`,
      action: long('x'),
      outcome: 'failed' as const,
      batchVersion: 123456,
      detail: long('d'),
    }));
    const card = auditCard(audit({ batchName: long('n'), events, page: 2, pageCount: 9 }));
    expectValidCard(card);
    expect(texts(card).filter((t) => t.startsWith('Actor '))).toHaveLength(AUDIT_CARD_MAX_ROWS);
    expect(texts(card).at(-1)).toBe('…and 175 more on this page.');
    expect(executeActions(card)).toHaveLength(2);
  });

  it('shows user text literally', () => {
    const card = auditCard(
      audit({
        batchName: '${batchName}',
        events: [{ ...EVENTS[1]!, actor: '${actor}', action: '${action}', detail: '${json($root)}' }],
      }),
    );
    expectValidCard(card);
    expect(texts(card)).toEqual(
      expect.arrayContaining(['Audit trail: ${batchName}', '${actor} · ${action}', '${json($root)}']),
    );
  });
});
