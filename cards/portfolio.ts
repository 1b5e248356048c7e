import { actionRow, executeAction } from './actions';
import { formatCount, formatUtc, pluralize, truncateText } from './format';
import { type TextColor, stateColor } from './state-style';
import { compileTemplate } from './template';
import portfolioTemplate from './templates/portfolio.json';
import type { CardAction, ExecuteAction } from './types';
import type { AdaptiveCard } from './types';

/** One tenant's line, as the portfolio query gives it. */
export interface PortfolioCardLine {
  tenantId: string;
  displayName: string;
  batches: number;
  byState: { state: string; count: number }[];
  usersMoved: number;
  usersTotal: number;
  failedUsers: number;
  failedBatches: number;
  pendingApprovals: number;
  nextCutover?: { at: string; batchName: string };
  worst?: string;
}

export interface PortfolioCardData {
  lines: PortfolioCardLine[];
  page: number;
  pageCount: number;
  tenantCount: number;
  /** The state filter in force, if any. */
  filter?: string;
  /** Every filter, in the order its button is shown. */
  filters: readonly string[];
  totals: { batches: number; usersMoved: number; usersTotal: number; failures: number; approvals: number };
}

/** The words on each filter's button. */
const FILTER_TITLES: Record<string, string> = {
  failed: 'Failures',
  approval: 'Approvals',
  moving: 'Moving',
  synced: 'Ready for cutover',
  scheduled: 'Scheduled',
  completed: 'Completed',
};

/** The states shown per line before "and N more". */
const MAX_STATES = 4;

interface PortfolioView {
  summary: string;
  showing: string;
  rows: {
    name: string;
    states: string;
    details: string;
    problem: string;
    problemColor: TextColor;
    open: ExecuteAction<'portfolio.tenant'>;
  }[];
  isEmpty: boolean;
  emptyText: string;
  pageText: string;
  filters: CardAction[];
  actions: CardAction[];
}

const render = compileTemplate<PortfolioView>(portfolioTemplate);

function statesText(line: PortfolioCardLine): string {
  if (line.batches === 0) return 'No batches yet';
  const shown = line.byState.slice(0, MAX_STATES).map((s) => `${formatCount(s.count)} ${s.state}`);
  const rest = line.byState.slice(MAX_STATES).reduce((n, s) => n + s.count, 0);
  return `${pluralize(line.batches, 'batch', 'batches')}: ${shown.join(' · ')}${rest ? ` · ${formatCount(rest)} other` : ''}`;
}

function detailsText(line: PortfolioCardLine): string {
  const parts = [`${formatCount(line.usersMoved)} of ${pluralize(line.usersTotal, 'user')} moved`];
  if (line.failedUsers) parts.push(pluralize(line.failedUsers, 'failed user'));
  if (line.pendingApprovals) parts.push(pluralize(line.pendingApprovals, 'approval') + ' waiting');
  if (line.nextCutover)
    parts.push(
      `next cutover ${formatUtc(line.nextCutover.at)} (${truncateText(line.nextCutover.batchName, 60)})`,
    );
  return parts.join(' · ');
}

function problemOf(line: PortfolioCardLine): { problem: string; problemColor: TextColor } {
  if (!line.worst) return { problem: 'No problems', problemColor: 'good' };
  const failing = line.failedBatches + line.failedUsers > 0;
  return { problem: truncateText(line.worst, 80), problemColor: failing ? stateColor('Failed') : 'warning' };
}

function filterActions(data: PortfolioCardData): CardAction[] {
  const all = data.filter ? [executeAction('All tenants', 'portfolio.page', { page: 1 })] : [];
  const buttons = data.filters
    .filter((f) => f !== data.filter)
    .map((f) => executeAction(FILTER_TITLES[f] ?? f, 'portfolio.page', { page: 1, state: f }));
  return actionRow([...all, ...buttons]);
}

/**
 * The portfolio: every tenant the caller may see on one line each (worst problem first), with the
 * tenant's batches a button away, filters by state and Previous / Next pages.
 */
export function portfolioCard(data: PortfolioCardData): AdaptiveCard {
  const t = data.totals;
  const paging: CardAction[] = [];
  if (data.page > 1)
    paging.push(executeAction('Previous', 'portfolio.page', { page: data.page - 1, state: data.filter }));
  if (data.page < data.pageCount)
    paging.push(executeAction('Next', 'portfolio.page', { page: data.page + 1, state: data.filter }));
  return render({
    summary:
      `${pluralize(data.tenantCount, 'tenant')} · ${pluralize(t.batches, 'batch', 'batches')} · ` +
      `${formatCount(t.usersMoved)} of ${pluralize(t.usersTotal, 'user')} moved · ` +
      `${pluralize(t.failures, 'failure')} · ${pluralize(t.approvals, 'approval')} waiting`,
    showing: data.filter
      ? `Showing tenants with: ${FILTER_TITLES[data.filter] ?? data.filter}. Worst problem first.`
      : 'All your tenants, worst problem first.',
    rows: data.lines.map((line) => ({
      name: truncateText(line.displayName, 120),
      states: statesText(line),
      details: detailsText(line),
      ...problemOf(line),
      open: executeAction('Batches', 'portfolio.tenant', { tenantId: line.tenantId }),
    })),
    isEmpty: data.lines.length === 0,
    emptyText: data.filter ? 'No tenant matches this filter.' : 'No tenants to show.',
    pageText: `Page ${data.page} of ${data.pageCount}`,
    filters: filterActions(data),
    actions: paging,
  });
}
