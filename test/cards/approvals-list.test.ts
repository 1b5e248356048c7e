// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import { APPROVALS_LIST_MAX_ROWS, type ApprovalsListItem, approvalsListCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, texts } from './card-query';

function item(i: number, overrides: Partial<ApprovalsListItem> = {}): ApprovalsListItem {
  return {
    approvalId: `batch-${i}:approval:start:v2`,
    batchId: `batch-${i}`,
    batchName: `Wave ${i}`,
    tenantName: 'Fabrikam',
    action: 'start',
    requestedBy: 'Adele Vance',
    requestedAt: '2026-11-22T17:00:00Z',
    expiresAt: '2026-11-23T17:00:00Z',
    waitingOn: 2,
    ...overrides,
  };
}

describe('approvalsListCard', () => {
  it('draws a row per pending approval with an Open button', () => {
    const card = approvalsListCard({
      approvals: [item(1), item(2, { action: 'cutover', waitingOn: 1, tenantName: 'Contoso' })],
    });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Your pending approvals',
      '2 approvals are waiting for you.',
      'Start Wave 1',
      'Fabrikam · requested by Adele Vance, 2026-11-22 17:00 UTC',
      'Needs 2 more approvals · expires 2026-11-23 17:00 UTC',
      'Cut over Wave 2',
      'Contoso · requested by Adele Vance, 2026-11-22 17:00 UTC',
      'Needs 1 more approval · expires 2026-11-23 17:00 UTC',
    ]);
    expect(executeActions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Open',
        verb: 'approval.refresh',
        data: { approvalId: 'batch-1:approval:start:v2', batchId: 'batch-1' },
      },
      {
        type: 'Action.Execute',
        title: 'Open',
        verb: 'approval.refresh',
        data: { approvalId: 'batch-2:approval:start:v2', batchId: 'batch-2' },
      },
    ]);
  });

  it('names removals, and shows other actions as they are', () => {
    const card = approvalsListCard({
      approvals: [item(1, { action: 'remove' }), item(2, { action: 'export' })],
    });
    expectValidCard(card);
    expect(texts(card)).toContain('Remove Wave 1');
    expect(texts(card)).toContain('export Wave 2');
    expect(texts(approvalsListCard({ approvals: [item(3)] }))[1]).toBe('1 approval is waiting for you.');
  });

  it('says when nothing is waiting', () => {
    const card = approvalsListCard({ approvals: [] });
    expectValidCard(card);
    expect(texts(card)).toEqual(['Your pending approvals', 'Nothing is waiting for you.']);
    expect(executeActions(card)).toEqual([]);
  });

  it(`lists at most ${APPROVALS_LIST_MAX_ROWS} approvals and counts the rest`, () => {
    const long = 'L'.repeat(2_000);
    const many = Array.from({ length: 60 }, (_, i) =>
      item(i, { batchName: long, tenantName: long, requestedBy: long, action: long }),
    );
    const card = approvalsListCard({ approvals: many });
    expectValidCard(card);
    expect(executeActions(card)).toHaveLength(APPROVALS_LIST_MAX_ROWS);
    expect(texts(card)[1]).toBe('60 approvals are waiting for you.');
    expect(texts(card).at(-1)).toBe('…and 35 more.');
  });

  it('shows user text literally', () => {
    const card = approvalsListCard({
      approvals: [item(1, { batchName: '${batchName}', requestedBy: '${json($root)}', approvalId: '${id}' })],
    });
    expectValidCard(card);
    expect(texts(card)).toContain('Start ${batchName}');
    expect(texts(card)).toContain('Fabrikam · requested by ${json($root)}, 2026-11-22 17:00 UTC');
    expect(executeActions(card)[0]!.data).toEqual({ approvalId: '${id}', batchId: 'batch-1' });
  });
});
