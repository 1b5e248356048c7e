import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatCount, formatUtc, truncateText } from './format';
import type { TextColor } from './state-style';
import { compileTemplate } from './template';
import auditTemplate from './templates/audit.json';
import type { AdaptiveCard, CardAction } from './types';

export type AuditCardOutcome =
  | 'requested'
  | 'done'
  | 'refused'
  | 'failed'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'void';

export interface AuditCardEvent {
  /** ISO-8601. */
  at: string;
  /** Display name of who acted (or the service, for scheduled work). */
  actor: string;
  /** What was done, e.g. "batch.start". */
  action: string;
  outcome: AuditCardOutcome;
  /** The batch version the action was taken on. */
  batchVersion?: number;
  detail?: string;
}

export interface AuditCardData {
  batchId: string;
  batchName: string;
  /** 1-based; page 1 holds the newest events. */
  page: number;
  pageCount: number;
  /** This page's events, newest first. */
  events: AuditCardEvent[];
}

/** At most this many events are drawn on one page, whatever the caller's page size. */
export const AUDIT_CARD_MAX_ROWS = 25;
const MAX_NAME = 200;
const MAX_ACTOR = 100;
const MAX_ACTION = 100;
const MAX_DETAIL = 300;

const OUTCOME_COLORS: Record<AuditCardOutcome, TextColor> = {
  requested: 'accent',
  done: 'good',
  approved: 'good',
  refused: 'warning',
  expired: 'warning',
  failed: 'attention',
  rejected: 'attention',
  void: 'default',
};

interface AuditView {
  title: string;
  summary: string;
  noEvents: boolean;
  emptyText: string;
  rows: {
    time: string;
    heading: string;
    hasDetail: boolean;
    detail: string;
    outcome: string;
    outcomeColor: TextColor;
    versionText: string;
  }[];
  hasHiddenRows: boolean;
  hiddenRowsText: string;
  actions: CardAction[];
}

const render = compileTemplate<AuditView>(auditTemplate);

function pageActions(data: AuditCardData): CardAction[] {
  const actions: CardAction[] = [];
  if (data.page > 1)
    actions.push(executeAction('Previous', 'audit.page', { batchId: data.batchId, page: data.page - 1 }));
  if (data.page < data.pageCount)
    actions.push(executeAction('Next', 'audit.page', { batchId: data.batchId, page: data.page + 1 }));
  return actions;
}

/**
 * One page of a batch's audit trail, in the order given (newest first): a compact row per event with
 * the time, who did what, the detail, the outcome in colour and the batch version, and Previous /
 * Next buttons (Previous is newer).
 */
export function auditCard(data: AuditCardData): AdaptiveCard {
  const rows = capList(data.events, AUDIT_CARD_MAX_ROWS);
  return render({
    title: `Audit trail: ${truncateText(data.batchName, MAX_NAME)}`,
    summary: `Page ${formatCount(data.page)} of ${formatCount(Math.max(1, data.pageCount))} · newest first`,
    noEvents: data.events.length === 0,
    emptyText: data.page > 1 ? 'No events on this page.' : 'No events recorded for this batch yet.',
    rows: rows.shown.map((e) => ({
      time: formatUtc(e.at),
      heading: `${truncateText(e.actor, MAX_ACTOR)} · ${truncateText(e.action, MAX_ACTION)}`,
      hasDetail: Boolean(e.detail),
      detail: truncateText(e.detail ?? '', MAX_DETAIL),
      outcome: e.outcome,
      outcomeColor: OUTCOME_COLORS[e.outcome] ?? 'default',
      versionText: e.batchVersion === undefined ? '–' : `v${e.batchVersion}`,
    })),
    hasHiddenRows: rows.more > 0,
    hiddenRowsText: moreText(rows.more, ' on this page.'),
    actions: pageActions(data),
  });
}
