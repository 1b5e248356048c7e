import { actionRow, executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatCount, formatPercent, pluralize, truncateText } from './format';
import { type TextColor, stateColor } from './state-style';
import { compileTemplate } from './template';
import usersPageTemplate from './templates/users-page.json';
import type { AdaptiveCard, CardAction, ExecuteAction } from './types';

export interface UsersPageUser {
  email: string;
  status: string;
  percent?: number;
  error?: string;
}

export interface UsersPageCardData {
  batchId: string;
  batchName: string;
  /** The batch version the caller read; "Back to batch" refreshes that batch card. */
  version: number;
  /** The Exchange user status this page is filtered by, if any. */
  status?: string;
  /** 1-based. */
  page: number;
  pageCount: number;
  /** Users matching the filter, over all pages. */
  total: number;
  users: UsersPageUser[];
}

/** At most this many rows are drawn on one page, whatever the caller's page size. */
export const USERS_PAGE_MAX_ROWS = 25;
const MAX_ERROR = 200;

interface UsersPageView {
  title: string;
  summary: string;
  noUsers: boolean;
  emptyText: string;
  rows: {
    email: string;
    hasError: boolean;
    error: string;
    statusText: string;
    statusColor: TextColor;
    details: ExecuteAction<'user.status'>;
  }[];
  hasHiddenRows: boolean;
  hiddenRowsText: string;
  actions: CardAction[];
}

const render = compileTemplate<UsersPageView>(usersPageTemplate);

function pageActions(data: UsersPageCardData): CardAction[] {
  const actions: CardAction[] = [];
  const filter = { batchId: data.batchId, status: data.status };
  if (data.page > 1)
    actions.push(executeAction('Previous', 'batch.users', { ...filter, page: data.page - 1 }));
  if (data.page < data.pageCount)
    actions.push(executeAction('Next', 'batch.users', { ...filter, page: data.page + 1 }));
  actions.push(
    executeAction('Back to batch', 'batch.refresh', { batchId: data.batchId, version: data.version }),
  );
  return actionRow(actions);
}

/**
 * One page of a batch's users: a row per user with the address and, under it, the status and percent,
 * a Details button beside them and the error below, so that a narrow card (the chat pane, the
 * Playground) shows long addresses wrapped and the buttons whole. Previous / Next / Back to batch page
 * through; paging keeps the status filter.
 */
export function usersPageCard(data: UsersPageCardData): AdaptiveCard {
  const rows = capList(data.users, USERS_PAGE_MAX_ROWS);
  const filter = data.status ? `Status: ${data.status} · ` : '';
  return render({
    title: `Users of ${truncateText(data.batchName, 200)}`,
    summary: `${filter}Page ${formatCount(data.page)} of ${formatCount(Math.max(1, data.pageCount))} · ${pluralize(data.total, 'user')}`,
    noUsers: data.users.length === 0,
    emptyText: data.status ? `No users with status ${data.status}.` : 'This batch has no users.',
    rows: rows.shown.map((user) => ({
      email: user.email,
      hasError: Boolean(user.error),
      error: truncateText(user.error ?? '', MAX_ERROR),
      statusText:
        user.percent === undefined ? user.status : `${user.status} · ${formatPercent(user.percent)}`,
      statusColor: stateColor(user.status),
      details: executeAction('Details', 'user.status', { email: user.email, batchId: data.batchId }),
    })),
    hasHiddenRows: rows.more > 0,
    hiddenRowsText: moreText(rows.more, ' on this page.'),
    actions: pageActions(data),
  });
}
