// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_CARD_MAX_DECISIONS,
  type ApprovalCardData,
  type ApprovalCardDecision,
  approvalCard,
} from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, facts, inputById, nodes, ofType, texts } from './card-query';

const APPROVERS = ['29:megan', '29:alex', '29:lee'];
const REF = { approvalId: 'batch-7f3a:approval:start:v4', batchId: 'batch-7f3a' };

function approval(overrides: Partial<ApprovalCardData> = {}): ApprovalCardData {
  return {
    ...REF,
    batchName: 'Sales wave 1',
    tenantName: 'Fabrikam',
    batchVersion: 4,
    action: 'start',
    requestedBy: 'Adele Vance',
    requestedAt: '2026-11-22T17:00:00Z',
    userCount: 2000,
    preflight: { passed: 1990, warnings: 8, failed: 2 },
    status: 'pending',
    quorum: 2,
    approverCount: 3,
    decisions: [],
    expiresAt: '2026-11-23T17:00:00Z',
    refreshUserIds: APPROVERS,
    ...overrides,
  };
}

const megan: ApprovalCardDecision = { by: 'Megan Bowen', decision: 'approved', at: '2026-11-22T17:10:00Z' };
const alex: ApprovalCardDecision = { by: 'Alex Wilber', decision: 'approved', at: '2026-11-22T17:20:00Z' };
const rejection: ApprovalCardDecision = {
  by: 'Lee Gu',
  decision: 'rejected',
  at: '2026-11-22T17:30:00Z',
  reason: 'Wait until the finance close is done.',
};

const BUTTONS = [
  {
    type: 'Action.Execute',
    title: 'Approve',
    verb: 'approval.approve',
    data: { ...REF, version: 4 },
    style: 'positive',
    associatedInputs: 'none',
  },
  {
    type: 'Action.Execute',
    title: 'Reject',
    verb: 'approval.reject',
    data: { ...REF, version: 4 },
    style: 'destructive',
  },
];

const REFRESH_ACTION = {
  type: 'Action.Execute',
  title: 'Show approver buttons',
  verb: 'approval.refresh',
  data: REF,
};

const inputs = (card: ReturnType<typeof approvalCard>) =>
  nodes(card).filter((n) => String(n.type).startsWith('Input.'));

describe('approvalCard', () => {
  it('shows a pending request without buttons in the base view, refreshed for the approvers', () => {
    const card = approvalCard(approval(), 'base');
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Approval needed: start Sales wave 1',
      'Preflight: 1,990 passed · 8 warnings · 2 failed',
      'Waiting on 2 of 3 approvers',
    ]);
    expect(facts(card)).toEqual([
      {
        Tenant: 'Fabrikam',
        Batch: 'Sales wave 1',
        'Batch version': '4',
        Users: '2,000',
        'Requested by': 'Adele Vance',
        'Requested at': '2026-11-22 17:00 UTC',
        Expires: '2026-11-23 17:00 UTC',
      },
    ]);
    expect(ofType(card, 'TextBlock').find((t) => String(t.text).startsWith('Preflight'))!.color).toBe(
      'attention',
    );
    expect(card.actions).toEqual([]);
    expect(inputs(card)).toEqual([]);
    expect(card.refresh).toEqual({ action: REFRESH_ACTION, userIds: APPROVERS });
  });

  it("shows the admin's override reason under the preflight line when the start overrode failures", () => {
    const preflight = {
      passed: 1990,
      warnings: 8,
      failed: 2,
      overriddenBy: 'Megan Bowen',
      overrideReason: 'Holds are released tonight; licences are on order',
    };
    const card = approvalCard(approval({ preflight }), 'base');
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Approval needed: start Sales wave 1',
      'Preflight: 1,990 passed · 8 warnings · 2 failed (started anyway by Megan Bowen)',
      'Override reason: Holds are released tonight; licences are on order',
      'Waiting on 2 of 3 approvers',
    ]);
    // Without an override there is no reason line, even if one was given.
    const plain = approvalCard(
      approval({ preflight: { passed: 3, warnings: 0, failed: 0, overrideReason: 'ignored' } }),
      'base',
    );
    expect(texts(plain).some((t) => t.startsWith('Override reason'))).toBe(false);
    // A long reason is cut to the reason limit.
    const long = approvalCard(
      approval({ preflight: { ...preflight, overrideReason: 'r'.repeat(5_000) } }),
      'base',
    );
    expectValidCard(long);
    const line = texts(long).find((t) => t.startsWith('Override reason: '))!;
    expect(line.length).toBeLessThanOrEqual('Override reason: '.length + 500);
  });

  it('gives approvers a reason input with Approve and Reject carrying the batch version', () => {
    const card = approvalCard(approval(), 'approver');
    expectValidCard(card);
    expect(card.actions).toEqual(BUTTONS);
    expect(inputById(card, 'reason')).toMatchObject({
      type: 'Input.Text',
      isMultiline: true,
      placeholder: 'Reason (required to reject)',
      maxLength: 500,
      isRequired: true,
    });
    expect(card.refresh).toEqual({ action: REFRESH_ACTION, userIds: APPROVERS });
    expect(texts(card).at(-1)).toBe('Waiting on 2 of 3 approvers');
  });

  it('lists the decisions so far and counts the approvals still needed', () => {
    const card = approvalCard(approval({ decisions: [megan] }), 'approver');
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Approval needed: start Sales wave 1',
      'Preflight: 1,990 passed · 8 warnings · 2 failed',
      'Decisions',
      'Megan Bowen approved · 2026-11-22 17:10 UTC',
      'Waiting on 1 of 3 approvers',
    ]);
    const row = ofType(card, 'TextBlock').find((t) => String(t.text).startsWith('Megan'));
    expect(row!.color).toBe('good');
    expect(card.actions).toEqual(BUTTONS);
    const single = approvalCard(approval({ quorum: 1, approverCount: 1 }), 'base');
    expect(texts(single).at(-1)).toBe('Waiting on 1 of 1 approver');
  });

  it('shows the outcome in good colour once approved, with no buttons and refresh stopped', () => {
    const data = approval({
      status: 'approved',
      decisions: [megan, alex],
      outcomeText: 'Approved by Megan Bowen and Alex Wilber; starting.',
    });
    for (const view of ['base', 'approver'] as const) {
      const card = approvalCard(data, view);
      expectValidCard(card);
      expect(texts(card)).toEqual([
        'Approval: start Sales wave 1',
        'Preflight: 1,990 passed · 8 warnings · 2 failed',
        'Decisions',
        'Megan Bowen approved · 2026-11-22 17:10 UTC',
        'Alex Wilber approved · 2026-11-22 17:20 UTC',
        'Approved by Megan Bowen and Alex Wilber; starting.',
      ]);
      expect(ofType(card, 'TextBlock').at(-1)!.color).toBe('good');
      expect(card.actions).toEqual([]);
      expect(inputs(card)).toEqual([]);
      expect(card.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });
    }
    const plain = approvalCard({ ...data, outcomeText: undefined }, 'base');
    expect(texts(plain).at(-1)).toBe('Approved by Megan Bowen and Alex Wilber.');
  });

  it('shows a rejection with its reason in attention colour', () => {
    const data = approval({ status: 'rejected', decisions: [megan, rejection] });
    const card = approvalCard(data, 'approver');
    expectValidCard(card);
    expect(texts(card).slice(2)).toEqual([
      'Decisions',
      'Megan Bowen approved · 2026-11-22 17:10 UTC',
      'Lee Gu rejected · 2026-11-22 17:30 UTC',
      'Reason: Wait until the finance close is done.',
      'Rejected by Lee Gu.',
    ]);
    const blocks = ofType(card, 'TextBlock');
    expect(blocks.find((t) => String(t.text).startsWith('Lee Gu rejected'))!.color).toBe('attention');
    expect(blocks.at(-1)!.color).toBe('attention');
    expect(card.actions).toEqual([]);
    expect(card.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });
  });

  it('says when an approval expired or no longer applies', () => {
    const expired = approvalCard(approval({ status: 'expired', decisions: [megan] }), 'base');
    expectValidCard(expired);
    expect(texts(expired).at(-1)).toBe('Expired at 2026-11-23 17:00 UTC without enough approvals.');
    expect(ofType(expired, 'TextBlock').at(-1)!.color).toBe('attention');
    expect(expired.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });

    const voided = approvalCard(
      approval({ status: 'void', outcomeText: 'The batch changed (version 5); ask again.' }),
      'approver',
    );
    expectValidCard(voided);
    expect(texts(voided).at(-1)).toBe('The batch changed (version 5); ask again.');
    expect(voided.actions).toEqual([]);
    expect(inputs(voided)).toEqual([]);
    expect(voided.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });
    expect(texts(approvalCard(approval({ status: 'void' }), 'base')).at(-1)).toBe(
      'This approval no longer applies.',
    );
  });

  it('shows the buttons to everyone, without refresh, when buttonsForAll is set', () => {
    const card = approvalCard(approval({ buttonsForAll: true }), 'base');
    expectValidCard(card);
    expect(card.actions).toEqual(BUTTONS);
    expect(inputById(card, 'reason').type).toBe('Input.Text');
    expect(card).not.toHaveProperty('refresh');
    const decided = approvalCard(approval({ buttonsForAll: true, status: 'approved' }), 'base');
    expect(decided.actions).toEqual([]);
    expect(decided.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });
  });

  it('with 61 approvers the caller passes buttonsForAll; the card never lists more than 60', () => {
    const many = Array.from({ length: 61 }, (_, i) => `29:approver-${i + 1}`);
    const card = approvalCard(
      approval({ refreshUserIds: many, approverCount: 61, buttonsForAll: true }),
      'base',
    );
    expectValidCard(card);
    expect(card).not.toHaveProperty('refresh');
    expect(card.actions).toEqual(BUTTONS);
    expect(texts(card).at(-1)).toBe('Waiting on 2 of 61 approvers');

    // The card never asks Teams to refresh for more than 60 users; the buttons follow buttonsForAll only.
    const forgot = approvalCard(approval({ refreshUserIds: many, approverCount: 61 }), 'base');
    expect(forgot).not.toHaveProperty('refresh');
    expect(forgot.actions).toEqual([]);
    const sixty = approvalCard(approval({ refreshUserIds: many.slice(0, 60) }), 'base');
    expect(sixty.refresh).toEqual({ action: REFRESH_ACTION, userIds: many.slice(0, 60) });
    expect(sixty.actions).toEqual([]);
  });

  it('carries no refresh while pending without approver ids; buttons follow buttonsForAll', () => {
    for (const refreshUserIds of [undefined, []]) {
      const base = approvalCard(approval({ refreshUserIds }), 'base');
      expectValidCard(base);
      expect(base).not.toHaveProperty('refresh');
      expect(base.actions).toEqual([]);
      const forAll = approvalCard(approval({ refreshUserIds, buttonsForAll: true }), 'base');
      expect(forAll).not.toHaveProperty('refresh');
      expect(forAll.actions).toEqual(BUTTONS);
      const approver = approvalCard(approval({ refreshUserIds }), 'approver');
      expect(approver.actions).toEqual(BUTTONS);
      const decided = approvalCard(approval({ refreshUserIds, status: 'expired' }), 'base');
      expect(decided.refresh).toEqual({ action: REFRESH_ACTION, userIds: [] });
    }
  });

  it('leaves out the preflight line when there is none, and colours it by its worst result', () => {
    const none = approvalCard(approval({ preflight: undefined }), 'approver');
    expectValidCard(none);
    expect(texts(none)).toEqual(['Approval needed: start Sales wave 1', 'Waiting on 2 of 3 approvers']);
    const warn = approvalCard(approval({ preflight: { passed: 10, warnings: 1, failed: 0 } }), 'base');
    expect(ofType(warn, 'TextBlock')[1]).toMatchObject({
      text: 'Preflight: 10 passed · 1 warning · 0 failed',
      color: 'warning',
    });
    const clean = approvalCard(approval({ preflight: { passed: 10, warnings: 0, failed: 0 } }), 'base');
    expect(ofType(clean, 'TextBlock')[1]!.color).toBe('good');
  });

  it('names the action: a cutover at a time or now, and a removal', () => {
    const at = approvalCard(approval({ action: 'cutover', cutoverAt: '2026-11-22T19:00:00+01:00' }), 'base');
    expectValidCard(at);
    expect(texts(at)[0]).toBe('Approval needed: cut over Sales wave 1 at 2026-11-22 18:00 UTC');
    const now = approvalCard(approval({ action: 'cutover' }), 'base');
    expect(texts(now)[0]).toBe('Approval needed: cut over Sales wave 1 now');
    const remove = approvalCard(approval({ action: 'remove', status: 'rejected' }), 'base');
    expect(texts(remove)[0]).toBe('Approval: remove Sales wave 1');
  });

  it('is a valid card in every state and view', () => {
    const statuses = ['pending', 'approved', 'rejected', 'expired', 'void'] as const;
    for (const status of statuses)
      for (const view of ['base', 'approver'] as const)
        for (const buttonsForAll of [false, true]) {
          const card = approvalCard(approval({ status, buttonsForAll, decisions: [megan, rejection] }), view);
          expectValidCard(card);
          const buttons = status === 'pending' && (view === 'approver' || buttonsForAll);
          expect(card.actions).toEqual(buttons ? BUTTONS : []);
          expect(JSON.stringify(card)).not.toContain('${');
        }
  });

  it('shows user text literally', () => {
    const card = approvalCard(
      approval({
        batchName: '${batchName}',
        tenantName: '${json($root)}',
        requestedBy: '${requestedBy}',
        decisions: [{ ...rejection, by: '${by}', reason: '${reason}' }],
        approvalId: '${approvalId}',
      }),
      'approver',
    );
    expectValidCard(card);
    expect(texts(card)).toContain('Approval needed: start ${batchName}');
    expect(texts(card)).toContain('${by} rejected · 2026-11-22 17:30 UTC');
    expect(texts(card)).toContain('Reason: ${reason}');
    expect(facts(card)[0]).toMatchObject({ Tenant: '${json($root)}', 'Requested by': '${requestedBy}' });
    expect(executeActions(card)[0]!.data).toEqual({
      approvalId: '${approvalId}',
      batchId: REF.batchId,
      version: 4,
    });
  });

  it(`lists at most ${APPROVAL_CARD_MAX_DECISIONS} decisions and stays small with long text`, () => {
    const decisions = Array.from({ length: 100 }, (_, i) => ({
      by: `Approver ${i + 1} ${'n'.repeat(500)}`,
      decision: 'rejected' as const,
      at: '2026-11-22T17:30:00Z',
      reason: 'r'.repeat(5_000),
    }));
    const card = approvalCard(
      approval({
        batchName: 'b'.repeat(5_000),
        tenantName: 't'.repeat(5_000),
        requestedBy: 'q'.repeat(5_000),
        outcomeText: 'o'.repeat(20_000),
        status: 'rejected',
        decisions,
      }),
      'approver',
    );
    expectValidCard(card);
    expect(texts(card).filter((t) => t.startsWith('Approver '))).toHaveLength(APPROVAL_CARD_MAX_DECISIONS);
    expect(texts(card)).toContain('…and 80 more');
    const pending = approvalCard(
      approval({ decisions, refreshUserIds: Array(60).fill('29:x'.repeat(40)) }),
      'approver',
    );
    expectValidCard(pending);
  });
});
