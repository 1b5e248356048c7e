import type { BatchStatusView, ConfirmCardData, UserStatusCardData, UsersPageCardData } from '../cards';
import { availableActions, etaText } from '../services';
import { type Batch, type BatchUser, FAILED_USER_STATUSES } from '../services/model/batch';
import { CUTOVER_STATES } from '../services/model/batch-states';
import type { ProviderUserStatistics } from '../services/providers/migration-provider';
import { needsProfileReset } from '../services/notices/content';
import { listBatchUsers } from '../services/store/repositories';
import type { BotEvent } from './event';
import { passesView, passLine } from './pass-views';

/** What the batch card shows for a stored batch. */
/** What the batch card shows for a stored batch; `notice` replaces the state note (e.g. why an action was refused). */
export function batchView(batch: Batch, tenantName: string, notice?: string): BatchStatusView {
  const summary = batch.summary;
  const counts = Object.entries(summary?.counts ?? {})
    .map(([status, count]) => ({ status, count: count ?? 0 }))
    .sort((a, b) => b.count - a.count);
  return {
    batchId: batch.id,
    version: batch.version,
    name: batch.name,
    tenantName,
    scenario: batch.scenario,
    state: batch.state,
    stateNote: notice ?? stateNote(batch),
    totalUsers: summary?.total ?? batch.userCount,
    counts,
    progressPercent: summary?.percent ?? 0,
    etaText: etaText(batch),
    failures: (summary?.failures ?? []).map((f) => ({ email: f.email, status: f.status, error: f.error })),
    lastSyncedAt: summary?.lastSyncedAt,
    updatedAt: batch.updatedAt,
    actions: availableActions(batch),
    notices: batch.notices,
    outlookNote: outlookNote(batch),
    passes: passesView(batch),
  };
}

/** For a hybrid move, that users keep their Outlook profile (and, once it is done, that nobody was sent a notice). */
function outlookNote(batch: Batch): string | undefined {
  if (needsProfileReset(batch.scenario)) return undefined;
  const done = batch.state === 'Completed' || batch.state === 'CompletedWithErrors';
  const quiet = done && batch.notices === undefined ? ' No notices were sent to users.' : '';
  return `Hybrid move: users keep their Outlook profile, no reset is needed.${quiet}`;
}

function stateNote(batch: Batch): string | undefined {
  const pending = batch.pending;
  if (pending) {
    const words: Record<string, string> = {
      create: `Creating the batch in ${batch.engineName ?? 'Exchange'}…`,
      start: 'Starting…',
      stop: 'Stopping…',
      retry: 'Retrying failed users…',
      complete: pending.at ? `Scheduling the cutover for ${utc(pending.at)}…` : 'Cutting over…',
      remove: 'Removing…',
      verify: 'Submitting the verify-credentials pass…',
      prestage: 'Submitting the pre-stage pass…',
      pass: 'Submitting the full pass…',
      'retry-errors': 'Submitting the retry of failed items…',
    };
    return words[pending.action];
  }
  if (batch.awaiting) {
    const what = {
      start: 'start',
      cutover: batch.awaiting.at ? `cut over at ${utc(batch.awaiting.at)}` : 'cut over',
      remove: 'remove',
      prestage: 'run the pre-stage pass',
      pass: 'run the full pass',
    };
    return `Waiting for approval to ${what[batch.awaiting.action]}.`;
  }
  if (batch.lastError) return `Could not ${batch.lastError.action}: ${batch.lastError.message}`;
  if (batch.completeAfter && !CUTOVER_STATES.includes(batch.state)) {
    return `Cutover scheduled for ${utc(batch.completeAfter)}`;
  }
  // A synced batch's progress line already says it is ready for cutover.
  return undefined;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A confirmation card for a destructive action, with the count and the affected users' names. */
export async function confirmView(
  ev: BotEvent,
  batch: Batch,
  action: 'cutover' | 'retry' | 'remove',
  when?: string,
): Promise<ConfirmCardData> {
  const failedOnly = action === 'retry';
  const page = await listBatchUsers(ev.services.ctx.repos, batch.id, {
    status: failedOnly ? [...FAILED_USER_STATUSES] : undefined,
    pageSize: 20,
  });
  const count = failedOnly ? (batch.summary?.failureCount ?? 0) : (batch.summary?.total ?? batch.userCount);
  const at = when && when.toLowerCase() !== 'now' ? when : undefined;
  const synced = batch.state === 'Synced' || batch.state === 'SyncedWithErrors';
  const texts = {
    cutover: cutoverText(batch, at),
    retry: `Retry the ${count} failed users of ${batch.name}.`,
    remove: `Remove ${batch.name} from Exchange. Users that are not completed stop migrating.`,
  };
  return {
    batchId: batch.id,
    version: batch.version,
    action,
    at,
    title: `${action === 'cutover' ? 'Cut over' : action === 'retry' ? 'Retry failed users of' : 'Remove'} ${batch.name}?`,
    text: texts[action],
    count,
    names: page.items.map((u) => u.email),
    allowSchedule: action === 'cutover' && !at,
    // A batch that is not synced yet cannot be cut over now: only a scheduled cutover is possible.
    timeRequired: action === 'cutover' && !at && !synced,
  };
}

/**
 * What a cutover does, in one instruction: when it happens is said once (the time given, or the time
 * input's own label), and a new Outlook profile is promised only for moves that need one.
 */
export function cutoverText(batch: Pick<Batch, 'name' | 'state' | 'scenario'>, at?: string): string {
  const outlook = needsProfileReset(batch.scenario)
    ? 'and Outlook needs a new profile'
    : 'and Outlook keeps working without a new profile';
  if (at) {
    return `Cut over ${batch.name} at ${at}: each user's mailbox switches to the target once it is synced, ${outlook}.`;
  }
  if (batch.state === 'Synced' || batch.state === 'SyncedWithErrors') {
    return `Cut over ${batch.name}: each user's mailbox switches to the target, ${outlook}.`;
  }
  return `${batch.name} is ${batch.state}, not synced yet, so its cutover can only be scheduled: it happens at the time you enter, once the batch is synced. Each user's mailbox then switches to the target, ${outlook}.`;
}

export function usersPageView(
  result: { batch: Batch; users: BatchUser[]; page: number; pageCount: number; total: number },
  status?: string,
): UsersPageCardData {
  return {
    batchId: result.batch.id,
    batchName: result.batch.name,
    version: result.batch.version,
    status,
    page: result.page,
    pageCount: result.pageCount,
    total: result.total,
    users: result.users.map((u) => ({ email: u.email, status: u.status, error: u.error })),
  };
}

export function userStatusView(stats: ProviderUserStatistics, batch?: Batch): UserStatusCardData {
  // An engine that reports workloads rather than sizes (Graph's migration jobs) gives zeros for them:
  // leave those facts off rather than say "0 B of 0 B" of a move under way.
  const sized = !(
    stats.workloads &&
    stats.bytesTransferred === 0 &&
    stats.estimatedTotalTransferSize === 0 &&
    stats.totalItemsInSourceMailboxCount === 0
  );
  return {
    email: stats.emailAddress,
    batchId: batch?.id,
    batchName: batch?.name ?? stats.batchId,
    status: stats.status,
    percent: stats.percentageComplete,
    ...(sized
      ? {
          bytesTransferred: stats.bytesTransferred,
          bytesTotal: stats.estimatedTotalTransferSize,
          itemsSynced: stats.syncedItemCount,
          itemsTotal: stats.totalItemsInSourceMailboxCount,
          skippedItems: stats.skippedItemCount,
        }
      : {}),
    lastSyncAt: stats.lastSuccessfulSyncTime,
    error: stats.error,
    sourceEmail: stats.sourceEmail,
    passes: stats.passes?.map(passLine),
    itemTypes: stats.itemTypes,
    waitingForUser: stats.waitingForUser,
    workloads: stats.workloads?.map((w) => ({
      workload: w.workload,
      status: w.status,
      message: w.errors?.[0] ? `${w.errors[0].code}: ${w.errors[0].message}` : w.message,
    })),
  };
}
