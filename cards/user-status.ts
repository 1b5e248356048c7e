import { executeAction } from './actions';
import { formatBytes, formatCount, formatUtc, truncateText } from './format';
import { type ProgressBarView, progressBar } from './progress-bar';
import { type ContainerStyle, stateStyle } from './state-style';
import { compileTemplate } from './template';
import userStatusTemplate from './templates/user-status.json';
import type { AdaptiveCard, CardAction } from './types';

export interface UserStatusCardData {
  email: string;
  batchId?: string;
  batchName?: string;
  /** Exchange user status. */
  status: string;
  /** 0..100. */
  percent: number;
  /** Sizes and item counts; absent for an engine that does not report them (e.g. one that moves workloads). */
  bytesTransferred?: number;
  bytesTotal?: number;
  itemsSynced?: number;
  itemsTotal?: number;
  skippedItems?: number;
  /** ISO-8601. */
  lastSyncAt?: string;
  error?: string;
  /** A move in passes: where the mail comes from. */
  sourceEmail?: string;
  /** A move in passes: every pass of the user, newest first (type and status already in words). */
  passes?: { type: string; status: string; submittedAt?: string; completedAt?: string; failure?: string }[];
  /** Moved and failed items by type (mail, calendar, contacts, tasks). Sizes in bytes. */
  itemTypes?: {
    itemType: string;
    successCount: number;
    successBytes: number;
    errorCount: number;
    errorBytes: number;
  }[];
  /** Set while the engine waits for the user: what they must do. */
  waitingForUser?: string;
  /** Engines that move several workloads (Exchange, OneDrive, Teams, meetings): each one's status. */
  workloads?: { workload: string; status: string; message?: string }[];
}

/** At most this many passes are listed on a user card. */
export const USER_CARD_MAX_PASSES = 10;

const MAX_ERROR = 2_000;

interface UserStatusView {
  email: string;
  status: string;
  badgeStyle: ContainerStyle;
  hasBatch: boolean;
  batchText: string;
  bar: ProgressBarView;
  progressText: string;
  facts: { title: string; value: string }[];
  hasError: boolean;
  error: string;
  hasWaiting: boolean;
  waitingText: string;
  hasPasses: boolean;
  passes: { heading: string; dates: string; hasFailure: boolean; failure: string }[];
  hasWorkloads: boolean;
  workloads: { title: string; value: string }[];
  hasItemTypes: boolean;
  itemTypes: { title: string; value: string }[];
  actions: CardAction[];
}

const render = compileTemplate<UserStatusView>(userStatusTemplate);

function barStyle(status: string): ContainerStyle {
  const style = stateStyle(status);
  return style === 'good' || style === 'warning' || style === 'attention' ? style : 'accent';
}

/** One mailbox's move: status, percent, bytes and items transferred, skipped items, last sync and error. */
export function userStatusCard(data: UserStatusCardData): AdaptiveCard {
  const bar = progressBar(data.percent, barStyle(data.status));
  const actions: CardAction[] = [
    executeAction('Refresh', 'user.status', { email: data.email, batchId: data.batchId }),
  ];
  if (data.batchId !== undefined) {
    actions.push(executeAction('Batch users', 'batch.users', { batchId: data.batchId, page: 1 }));
  }
  return render({
    email: data.email,
    status: data.status,
    badgeStyle: stateStyle(data.status),
    hasBatch: Boolean(data.batchName ?? data.batchId),
    batchText: `Batch: ${truncateText(data.batchName ?? data.batchId ?? '', 200)}`,
    bar,
    progressText: `${bar.percentText} complete`,
    facts: [
      ...(data.bytesTransferred !== undefined && data.bytesTotal !== undefined
        ? [
            {
              title: 'Data',
              value: `${formatBytes(data.bytesTransferred)} of ${formatBytes(data.bytesTotal)}`,
            },
          ]
        : []),
      ...(data.itemsSynced !== undefined && data.itemsTotal !== undefined
        ? [{ title: 'Items', value: `${formatCount(data.itemsSynced)} of ${formatCount(data.itemsTotal)}` }]
        : []),
      ...(data.skippedItems !== undefined
        ? [{ title: 'Skipped items', value: formatCount(data.skippedItems) }]
        : []),
      { title: 'Last sync', value: data.lastSyncAt ? formatUtc(data.lastSyncAt) : 'Not synced yet' },
      ...(data.sourceEmail ? [{ title: 'From', value: truncateText(data.sourceEmail, 200) }] : []),
    ],
    hasError: Boolean(data.error),
    error: truncateText(data.error ?? '', MAX_ERROR),
    hasWaiting: Boolean(data.waitingForUser),
    waitingText: truncateText(data.waitingForUser ?? '', MAX_ERROR),
    hasPasses: (data.passes?.length ?? 0) > 0,
    passes: (data.passes ?? []).slice(0, USER_CARD_MAX_PASSES).map((p) => ({
      heading: `${p.type} · ${p.status}`,
      dates: [
        p.submittedAt ? `submitted ${formatUtc(p.submittedAt)}` : '',
        p.completedAt ? `done ${formatUtc(p.completedAt)}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      hasFailure: Boolean(p.failure),
      failure: truncateText(p.failure ?? '', MAX_ERROR),
    })),
    hasWorkloads: (data.workloads?.length ?? 0) > 0,
    workloads: (data.workloads ?? []).map((w) => ({
      title: truncateText(w.workload, 40),
      value: truncateText(w.message ? `${w.status} · ${w.message}` : w.status, MAX_ERROR),
    })),
    hasItemTypes: (data.itemTypes?.length ?? 0) > 0,
    itemTypes: (data.itemTypes ?? []).map((t) => ({
      title: t.itemType,
      value:
        `${formatCount(t.successCount)} moved (${formatBytes(t.successBytes)})` +
        (t.errorCount > 0 ? ` · ${formatCount(t.errorCount)} failed (${formatBytes(t.errorBytes)})` : ''),
    })),
    actions,
  });
}
