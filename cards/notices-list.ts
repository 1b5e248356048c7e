import { capList, moreText } from './cap-list';
import { formatCount, formatUtc, truncateText } from './format';
import type { TextColor } from './state-style';
import { compileTemplate } from './template';
import noticesListTemplate from './templates/notices-list.json';
import type { AdaptiveCard } from './types';

export interface NoticesListRow {
  email: string;
  kind: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  channel?: string;
  /** ISO-8601. */
  sentAt?: string;
  answer?: 'done' | 'help';
  error?: string;
}

export interface NoticesListCardData {
  batchName: string;
  /** e.g. "help requested"; absent for all. */
  filter?: string;
  counts: { sent: number; acknowledged: number; help: number; failed: number; pending: number };
  page: number;
  pageCount: number;
  rows: NoticesListRow[];
}

export const NOTICES_LIST_MAX_ROWS = 25;
const MAX_ERROR = 200;

interface View {
  title: string;
  summary: string;
  noRows: boolean;
  emptyText: string;
  rows: { email: string; state: string; stateColor: TextColor; hasDetail: boolean; detail: string }[];
  hasHiddenRows: boolean;
  hiddenRowsText: string;
}

const render = compileTemplate<View>(noticesListTemplate);

const CHANNEL: Record<string, string> = { teams: 'Teams', install: 'Teams (app installed)', mail: 'mail' };

function stateOf(row: NoticesListRow): { state: string; stateColor: TextColor } {
  if (row.answer === 'help') return { state: 'Needs help', stateColor: 'attention' };
  if (row.answer === 'done') return { state: 'Outlook works', stateColor: 'good' };
  if (row.status === 'failed') return { state: 'Not delivered', stateColor: 'attention' };
  if (row.status === 'sent') return { state: 'Sent, no answer yet', stateColor: 'default' };
  return { state: 'Waiting to send', stateColor: 'accent' };
}

function detailOf(row: NoticesListRow): string {
  const parts = [row.kind];
  if (row.channel) parts.push(`by ${CHANNEL[row.channel] ?? row.channel}`);
  if (row.sentAt) parts.push(formatUtc(row.sentAt));
  if (row.error) parts.push(truncateText(row.error, MAX_ERROR));
  return parts.join(' · ');
}

/** The users of a batch and where their notices stand: sent, answered, help requested, failed. */
export function noticesListCard(data: NoticesListCardData): AdaptiveCard {
  const { shown, more } = capList(data.rows, NOTICES_LIST_MAX_ROWS);
  const c = data.counts;
  return render({
    title: `Notices: ${truncateText(data.batchName, 200)}${data.filter ? ` (${data.filter})` : ''}`,
    summary: `${formatCount(c.sent)} sent · ${formatCount(c.acknowledged)} confirmed · ${formatCount(c.help)} need help · ${formatCount(c.failed)} failed · ${formatCount(c.pending)} waiting · page ${formatCount(data.page)} of ${formatCount(Math.max(1, data.pageCount))}`,
    noRows: shown.length === 0,
    emptyText: 'No notices match.',
    rows: shown.map((row) => {
      const detail = detailOf(row);
      return { email: row.email, ...stateOf(row), hasDetail: detail !== '', detail };
    }),
    hasHiddenRows: more > 0,
    hiddenRowsText: moreText(more),
  });
}
