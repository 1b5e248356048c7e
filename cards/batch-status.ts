import { type BatchActionFlags, batchStatusActions } from './batch-status-actions';
import { batchProgress } from './batch-progress';
import { capList, moreText } from './cap-list';
import { formatBytes, formatCount, formatUtc, pluralize, truncateText } from './format';
import { type ProgressBarView, progressBar } from './progress-bar';
import { type ContainerStyle, isFailureStatus, stateStyle, type TextColor } from './state-style';
import { compileTemplate } from './template';
import batchStatusTemplate from './templates/batch-status.json';
import type { AdaptiveCard, CardAction } from './types';

export interface BatchStatusView {
  batchId: string;
  version: number;
  name: string;
  tenantName: string;
  scenario: string;
  /** Exchange batch status, or 'Creating' / 'Removed' / 'CreateFailed'. */
  state: string;
  /** e.g. "Cutover scheduled for 2026-11-22 18:00 UTC" or "Starting…". */
  stateNote?: string;
  totalUsers: number;
  /** Users by Exchange user status. */
  counts: { status: string; count: number }[];
  /** Overall progress over the lifecycle, 0..100 (how it is shown depends on the state: `batchProgress`). */
  progressPercent: number;
  bytesTransferred?: number;
  bytesTotal?: number;
  /** e.g. "about 12 min" (computed by the caller from the transfer rate); shown only while the batch moves. */
  etaText?: string;
  failures: { email: string; status: string; error?: string }[];
  /** ISO-8601. */
  lastSyncedAt?: string;
  /** ISO-8601. */
  updatedAt: string;
  actions: BatchActionFlags;
  /** Notices to migrated users, once any exist. */
  notices?: { sent: number; acknowledged: number; help: number; failed: number };
  /** What the move means for users' Outlook, when it is not the usual new profile (e.g. a hybrid move). */
  outlookNote?: string;
  /** A move in passes: the pass running now, the passes every user has done, and the next step. */
  passes?: { running?: string; done: string[]; next?: string };
}

/** At most this many failed users are listed on the batch card. */
export const BATCH_CARD_MAX_FAILURES = 10;
const MAX_NAME = 200;
/** A state note can carry Exchange's own error text. */
const MAX_NOTE = 600;
const MAX_ERROR = 400;
const MAX_COUNTS = 25;

interface Fact {
  title: string;
  value: string;
}

interface BatchStatusTemplateView {
  name: string;
  state: string;
  badgeStyle: ContainerStyle;
  hasStateNote: boolean;
  stateNote: string;
  facts: Fact[];
  bar: ProgressBarView;
  progressText: string;
  hasBytes: boolean;
  bytesText: string;
  hasEta: boolean;
  etaText: string;
  hasNotices: boolean;
  noticesText: string;
  noticesColor: TextColor;
  hasOutlookNote: boolean;
  outlookNote: string;
  hasCounts: boolean;
  counts: Fact[];
  hasFailures: boolean;
  failuresTitle: string;
  failures: { heading: string; hasError: boolean; error: string }[];
  hasMoreFailures: boolean;
  moreFailuresText: string;
  timesText: string;
  actions: CardAction[];
}

const render = compileTemplate<BatchStatusTemplateView>(batchStatusTemplate);

function bytesText(transferred: number | undefined, total: number | undefined): string {
  if (transferred !== undefined && total !== undefined)
    return `${formatBytes(transferred)} of ${formatBytes(total)}`;
  if (transferred !== undefined) return `${formatBytes(transferred)} transferred`;
  if (total !== undefined) return `${formatBytes(total)} to transfer`;
  return '';
}

/** Counts with failing statuses first, then the rest in the order given. */
function countFacts(counts: BatchStatusView['counts']): Fact[] {
  const failing = counts.filter((c) => isFailureStatus(c.status));
  const others = counts.filter((c) => !isFailureStatus(c.status));
  return [...failing, ...others]
    .slice(0, MAX_COUNTS)
    .map((c) => ({ title: c.status, value: formatCount(c.count) }));
}

function barStyle(state: string): ContainerStyle {
  const style = stateStyle(state);
  return style === 'good' || style === 'warning' || style === 'attention' ? style : 'accent';
}

/** A move in passes: which pass runs, which are done, and what comes next. */
function passFacts(passes: BatchStatusView['passes']): Fact[] {
  if (!passes) return [];
  const facts: Fact[] = [];
  if (passes.running) facts.push({ title: 'Pass running', value: passes.running });
  facts.push({ title: 'Passes done', value: passes.done.length > 0 ? passes.done.join(', ') : 'none yet' });
  if (passes.next) facts.push({ title: 'Next', value: truncateText(passes.next, MAX_NOTE) });
  return facts;
}

function timesText(data: BatchStatusView): string {
  const updated = `Updated ${formatUtc(data.updatedAt)}`;
  return data.lastSyncedAt ? `Last synced ${formatUtc(data.lastSyncedAt)} · ${updated}` : updated;
}

/**
 * The batch card: name and state badge, tenant and scenario, a progress bar, bytes and the time left
 * while the batch moves, users by
 * status (failing statuses first), the first failed users with their errors, and the lifecycle buttons
 * the flags allow. Every button carries the batch id and the version the card shows.
 */
export function batchStatusCard(data: BatchStatusView): AdaptiveCard {
  const failures = capList(data.failures, BATCH_CARD_MAX_FAILURES);
  const bytes = bytesText(data.bytesTransferred, data.bytesTotal);
  const progress = batchProgress(data.state, data.progressPercent, data.passes !== undefined);
  const bar = progressBar(progress.barPercent, barStyle(data.state));
  const eta = progress.showsTimeLeft ? (data.etaText ?? '') : '';
  return render({
    name: truncateText(data.name, MAX_NAME),
    state: data.state,
    badgeStyle: stateStyle(data.state),
    hasStateNote: Boolean(data.stateNote),
    stateNote: truncateText(data.stateNote ?? '', MAX_NOTE),
    facts: [
      { title: 'Tenant', value: truncateText(data.tenantName, MAX_NAME) },
      { title: 'Scenario', value: truncateText(data.scenario, MAX_NAME) },
      { title: 'Users', value: formatCount(data.totalUsers) },
      ...passFacts(data.passes),
    ],
    bar,
    progressText: progress.text,
    hasBytes: bytes.length > 0,
    bytesText: bytes,
    hasEta: eta !== '',
    etaText: eta === '' ? '' : `Time left: ${eta}`,
    hasNotices: data.notices !== undefined,
    noticesText: data.notices
      ? `Notices: ${formatCount(data.notices.sent)} sent · ${formatCount(data.notices.acknowledged)} confirmed · ${formatCount(data.notices.help)} need help · ${formatCount(data.notices.failed)} failed`
      : '',
    noticesColor: data.notices && (data.notices.help > 0 || data.notices.failed > 0) ? 'warning' : 'default',
    hasOutlookNote: Boolean(data.outlookNote),
    outlookNote: truncateText(data.outlookNote ?? '', MAX_NOTE),
    hasCounts: data.counts.length > 0,
    counts: countFacts(data.counts),
    hasFailures: failures.shown.length > 0,
    failuresTitle: `Failed (${pluralize(data.failures.length, 'user')})`,
    failures: failures.shown.map((f) => ({
      heading: `${truncateText(f.email, MAX_NAME)} · ${f.status}`,
      hasError: Boolean(f.error),
      error: truncateText(f.error ?? '', MAX_ERROR),
    })),
    hasMoreFailures: failures.more > 0,
    moreFailuresText: moreText(failures.more, '. Open Users to see them all.'),
    timesText: timesText(data),
    actions: batchStatusActions(data.batchId, data.version, data.actions),
  });
}
