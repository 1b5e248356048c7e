import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatCount, formatUtc, pluralize, truncateText } from './format';
import type { TextColor } from './state-style';
import { compileTemplate } from './template';
import approvalTemplate from './templates/approval.json';
import type { AdaptiveCard, CardAction, JsonObject } from './types';

export type ApprovalCardAction = 'start' | 'cutover' | 'remove' | 'prestage' | 'pass';
export type ApprovalCardStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'void';
export type ApprovalCardView = 'base' | 'approver';

export interface ApprovalCardDecision {
  /** Display name of the approver. */
  by: string;
  decision: 'approved' | 'rejected';
  /** ISO-8601. */
  at: string;
  reason?: string;
}

export interface ApprovalCardData {
  approvalId: string;
  batchId: string;
  batchName: string;
  tenantName: string;
  batchVersion: number;
  action: ApprovalCardAction;
  /** ISO-8601, for a scheduled cutover ("now" when absent). */
  cutoverAt?: string;
  /** Display name. */
  requestedBy: string;
  /** ISO-8601. */
  requestedAt: string;
  userCount: number;
  /** overriddenBy: the admin who let a start go ahead despite failures; overrideReason: why. */
  preflight?: {
    passed: number;
    warnings: number;
    failed: number;
    overriddenBy?: string;
    overrideReason?: string;
  };
  status: ApprovalCardStatus;
  quorum: number;
  approverCount: number;
  decisions: ApprovalCardDecision[];
  /** ISO-8601. */
  expiresAt: string;
  /** e.g. "Approved by Megan Bowen and Alex Wilber; starting." or the void reason. */
  outcomeText?: string;
  /**
   * Universal Actions refresh: the approvers' user MRIs (1 to 60). Without them the card carries no
   * refresh while pending, so set `buttonsForAll` to let approvers decide on the base view.
   */
  refreshUserIds?: string[];
  /**
   * When true, the base view shows Approve/Reject to everyone (more than 60 approvers, or a client
   * without refresh support); the server still checks who may decide.
   */
  buttonsForAll?: boolean;
}

/** Teams refreshes a card automatically for at most this many listed users. */
export const APPROVAL_REFRESH_MAX_USERS = 60;
/** At most this many decisions are listed on an approval card. */
export const APPROVAL_CARD_MAX_DECISIONS = 20;
/** The longest rejection reason the card's input accepts (and the longest reason shown). */
export const APPROVAL_REASON_MAX_LENGTH = 500;
const MAX_NAME = 200;
const MAX_OUTCOME = 1_000;

interface Fact {
  title: string;
  value: string;
}

interface ApprovalView {
  title: string;
  facts: Fact[];
  hasPreflight: boolean;
  preflightText: string;
  preflightColor: TextColor;
  hasOverrideReason: boolean;
  overrideReasonText: string;
  hasDecisions: boolean;
  decisions: { text: string; color: TextColor; hasReason: boolean; reason: string }[];
  hasMoreDecisions: boolean;
  moreDecisionsText: string;
  statusText: string;
  statusColor: TextColor;
  showButtons: boolean;
  actions: CardAction[];
}

const render = compileTemplate<ApprovalView>(approvalTemplate);

function what(data: ApprovalCardData): string {
  const name = truncateText(data.batchName, MAX_NAME);
  if (data.action === 'start') return `start ${name}`;
  if (data.action === 'remove') return `remove ${name}`;
  if (data.action === 'prestage') return `run the pre-stage pass of ${name}`;
  if (data.action === 'pass') return `run the full pass of ${name}`;
  return `cut over ${name} ${data.cutoverAt ? `at ${formatUtc(data.cutoverAt)}` : 'now'}`;
}

/** "A", "A and B", "A, B and C". */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function approvedBy(data: ApprovalCardData): string[] {
  return data.decisions.filter((d) => d.decision === 'approved').map((d) => truncateText(d.by, MAX_NAME));
}

type PreflightFields = 'preflightText' | 'preflightColor' | 'hasOverrideReason' | 'overrideReasonText';

function preflightView(data: ApprovalCardData): Pick<ApprovalView, PreflightFields> {
  const p = data.preflight;
  if (p === undefined)
    return { preflightText: '', preflightColor: 'default', hasOverrideReason: false, overrideReasonText: '' };
  const by = p.overriddenBy ? truncateText(p.overriddenBy, MAX_NAME) : undefined;
  const reason = p.overriddenBy ? p.overrideReason?.trim() : undefined;
  return {
    preflightText: `Preflight: ${formatCount(p.passed)} passed · ${pluralize(p.warnings, 'warning')} · ${formatCount(p.failed)} failed${by ? ` (started anyway by ${by})` : ''}`,
    preflightColor: p.failed > 0 ? 'attention' : p.warnings > 0 ? 'warning' : 'good',
    hasOverrideReason: Boolean(reason),
    overrideReasonText: `Override reason: ${truncateText(reason ?? '', APPROVAL_REASON_MAX_LENGTH)}`,
  };
}

/** The outcome to show once the approval is no longer pending, when the caller gave none. */
function defaultOutcome(data: ApprovalCardData): string {
  switch (data.status) {
    case 'approved': {
      const names = approvedBy(data);
      return names.length > 0 ? `Approved by ${joinNames(names)}.` : 'Approved.';
    }
    case 'rejected': {
      const by = data.decisions.filter((d) => d.decision === 'rejected').at(-1)?.by;
      return by ? `Rejected by ${truncateText(by, MAX_NAME)}.` : 'Rejected.';
    }
    case 'expired':
      return `Expired at ${formatUtc(data.expiresAt)} without enough approvals.`;
    default:
      return 'This approval no longer applies.';
  }
}

function statusView(data: ApprovalCardData): Pick<ApprovalView, 'statusText' | 'statusColor'> {
  if (data.status === 'pending') {
    const waiting = Math.max(0, data.quorum - approvedBy(data).length);
    return {
      statusText: `Waiting on ${formatCount(waiting)} of ${pluralize(data.approverCount, 'approver')}`,
      statusColor: 'accent',
    };
  }
  return {
    statusText: truncateText(data.outcomeText || defaultOutcome(data), MAX_OUTCOME),
    statusColor: data.status === 'approved' ? 'good' : 'attention',
  };
}

function refreshTargets(data: ApprovalCardData): string[] | undefined {
  const ids = data.refreshUserIds ?? [];
  return ids.length >= 1 && ids.length <= APPROVAL_REFRESH_MAX_USERS ? ids : undefined;
}

/**
 * The `refresh` block: while pending (and buttons are not shown to everyone) it names the approvers,
 * whose clients then fetch their view with `approval.refresh`; once decided, `userIds: []` stops
 * automatic refresh. Absent when the base view already shows the buttons to everyone. Clients that
 * offer a manual refresh show the action's title.
 */
function approvalRefresh(data: ApprovalCardData): JsonObject | undefined {
  const button = executeAction('Show approver buttons', 'approval.refresh', {
    approvalId: data.approvalId,
    batchId: data.batchId,
  });
  const action = { ...button, data: { ...button.data } };
  if (data.status !== 'pending') return { action, userIds: [] };
  const targets = refreshTargets(data);
  if (data.buttonsForAll === true || targets === undefined) return undefined;
  return { action, userIds: [...targets] };
}

function decisionButtons(data: ApprovalCardData): CardAction[] {
  const ref = { approvalId: data.approvalId, batchId: data.batchId, version: data.batchVersion };
  return [
    executeAction('Approve', 'approval.approve', ref, 'positive', { associatedInputs: 'none' }),
    executeAction('Reject', 'approval.reject', ref, 'destructive'),
  ];
}

/**
 * The approval card: what is asked (start, cut over at a time or now, remove), the batch facts, the
 * preflight summary, the decisions so far and a status line ("Waiting on 1 of 3 approvers", or the
 * outcome in good or attention colour). While pending, the approver view (and the base view when
 * buttons are for everyone) has a `reason` input with Approve and Reject; Approve sends no inputs,
 * Reject sends the reason. Both carry the batch version the approval was asked for.
 */
export function approvalCard(data: ApprovalCardData, view: ApprovalCardView): AdaptiveCard {
  const pending = data.status === 'pending';
  const showButtons = pending && (view === 'approver' || data.buttonsForAll === true);
  const decisions = capList(data.decisions, APPROVAL_CARD_MAX_DECISIONS);
  const card = render({
    title: `${pending ? 'Approval needed' : 'Approval'}: ${what(data)}`,
    facts: [
      { title: 'Tenant', value: truncateText(data.tenantName, MAX_NAME) },
      { title: 'Batch', value: truncateText(data.batchName, MAX_NAME) },
      { title: 'Batch version', value: String(data.batchVersion) },
      { title: 'Users', value: formatCount(data.userCount) },
      { title: 'Requested by', value: truncateText(data.requestedBy, MAX_NAME) },
      { title: 'Requested at', value: formatUtc(data.requestedAt) },
      { title: 'Expires', value: formatUtc(data.expiresAt) },
    ],
    hasPreflight: data.preflight !== undefined,
    ...preflightView(data),
    hasDecisions: decisions.shown.length > 0,
    decisions: decisions.shown.map((d) => ({
      text: `${truncateText(d.by, MAX_NAME)} ${d.decision} · ${formatUtc(d.at)}`,
      color: d.decision === 'approved' ? 'good' : 'attention',
      hasReason: Boolean(d.reason),
      reason: `Reason: ${truncateText(d.reason ?? '', APPROVAL_REASON_MAX_LENGTH)}`,
    })),
    hasMoreDecisions: decisions.more > 0,
    moreDecisionsText: moreText(decisions.more),
    ...statusView(data),
    showButtons,
    actions: showButtons ? decisionButtons(data) : [],
  });
  const refresh = approvalRefresh(data);
  return refresh === undefined ? card : { ...card, refresh };
}
