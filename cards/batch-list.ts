import { executeAction } from './actions';
import { batchProgress } from './batch-progress';
import { capList } from './cap-list';
import { formatCount, pluralize, truncateText } from './format';
import { type TextColor, stateColor } from './state-style';
import { compileTemplate } from './template';
import batchListTemplate from './templates/batch-list.json';
import type { AdaptiveCard, ExecuteAction } from './types';

export interface BatchListItem {
  batchId: string;
  version: number;
  name: string;
  tenantName: string;
  scenario: string;
  state: string;
  totalUsers: number;
  progressPercent: number;
}

export interface BatchListCardData {
  batches: BatchListItem[];
  /** Set when the store has more batches than this list holds. */
  continuation?: string;
}

/** At most this many batches are listed on one card. */
export const BATCH_LIST_MAX_ROWS = 25;

interface BatchListView {
  summary: string;
  rows: {
    name: string;
    details: string;
    state: string;
    stateColor: TextColor;
    percentText: string;
    open: ExecuteAction<'batch.refresh'>;
  }[];
  hasMoreText: boolean;
  moreText: string;
}

const render = compileTemplate<BatchListView>(batchListTemplate);

function moreText(hidden: number, hasContinuation: boolean): string {
  if (hidden > 0)
    return `…and ${formatCount(hidden)} more${hasContinuation ? ', and more after those' : ''}.`;
  return hasContinuation ? 'More batches exist than this list shows.' : '';
}

/**
 * The batches the caller can see, one row each with state, progress ("Ready for cutover" once synced)
 * and an Open button.
 */
export function batchListCard(data: BatchListCardData): AdaptiveCard {
  const rows = capList(data.batches, BATCH_LIST_MAX_ROWS);
  const more = moreText(rows.more, data.continuation !== undefined);
  return render({
    summary:
      data.batches.length === 0
        ? 'No batches yet.'
        : `Showing ${pluralize(rows.shown.length, 'batch', 'batches')}`,
    rows: rows.shown.map((b) => ({
      name: truncateText(b.name, 200),
      details: `${truncateText(b.tenantName, 100)} · ${b.scenario} · ${pluralize(b.totalUsers, 'user')}`,
      state: b.state,
      stateColor: stateColor(b.state),
      percentText: batchProgress(b.state, b.progressPercent).shortText,
      open: executeAction('Open', 'batch.refresh', { batchId: b.batchId, version: b.version }),
    })),
    hasMoreText: more.length > 0,
    moreText: more,
  });
}
