import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatUtc, pluralize, truncateText } from './format';
import { compileTemplate } from './template';
import approvalsListTemplate from './templates/approvals-list.json';
import type { AdaptiveCard, ExecuteAction } from './types';

export interface ApprovalsListItem {
  approvalId: string;
  batchId: string;
  batchName: string;
  tenantName: string;
  /** 'start', 'cutover' or 'remove'; other values are shown as they are. */
  action: string;
  /** Display name. */
  requestedBy: string;
  /** ISO-8601. */
  requestedAt: string;
  /** ISO-8601. */
  expiresAt: string;
  /** How many more approvals the request needs. */
  waitingOn: number;
}

export interface ApprovalsListCardData {
  approvals: ApprovalsListItem[];
}

/** At most this many approvals are listed on one card. */
export const APPROVALS_LIST_MAX_ROWS = 25;
const MAX_NAME = 100;

const ACTION_WORDS: Record<string, string> = { start: 'Start', cutover: 'Cut over', remove: 'Remove' };

interface ApprovalsListView {
  summary: string;
  rows: { title: string; details: string; waitingText: string; open: ExecuteAction<'approval.refresh'> }[];
  hasMoreText: boolean;
  moreText: string;
}

const render = compileTemplate<ApprovalsListView>(approvalsListTemplate);

function actionWord(action: string): string {
  return Object.hasOwn(ACTION_WORDS, action) ? (ACTION_WORDS[action] as string) : truncateText(action, 40);
}

/**
 * The approvals waiting for the caller, one row each (what, tenant, who asked and when, how many
 * approvals are still needed, when it expires) with an Open button that shows the approver's card.
 */
export function approvalsListCard(data: ApprovalsListCardData): AdaptiveCard {
  const rows = capList(data.approvals, APPROVALS_LIST_MAX_ROWS);
  const count = data.approvals.length;
  return render({
    summary:
      count === 0
        ? 'Nothing is waiting for you.'
        : `${pluralize(count, 'approval')} ${count === 1 ? 'is' : 'are'} waiting for you.`,
    rows: rows.shown.map((a) => ({
      title: `${actionWord(a.action)} ${truncateText(a.batchName, MAX_NAME)}`,
      details: `${truncateText(a.tenantName, MAX_NAME)} · requested by ${truncateText(a.requestedBy, MAX_NAME)}, ${formatUtc(a.requestedAt)}`,
      waitingText: `Needs ${pluralize(a.waitingOn, 'more approval', 'more approvals')} · expires ${formatUtc(a.expiresAt)}`,
      open: executeAction('Open', 'approval.refresh', { approvalId: a.approvalId, batchId: a.batchId }),
    })),
    hasMoreText: rows.more > 0,
    moreText: moreText(rows.more, '.'),
  });
}
