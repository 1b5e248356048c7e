import { authorize } from '../authorize';
import type { ServiceContext } from '../context';
import {
  type Actor,
  type Batch,
  type BatchUser,
  FAILED_USER_STATUSES,
  TERMINAL_STATES,
} from '../model/batch';
import { type GroupCounts, groupCounts, type HistorySample, userGroupOf } from '../model/history';
import { readHistory } from '../model/history-record';
import { failure, type Result } from '../model/result';
import { readAll, type Stored } from '../store/document-store';
import { suggestedFix } from './report-fixes';
import {
  type HourlyMoves,
  hourlyMoves,
  type ProgressPoint,
  progressLine,
  sumHourly,
  unitOf,
} from './report-series';
import { viewBatch } from './queries';

/**
 * The admin reports of seed 003 for a batch or a whole tenant, from what Cutover stored (the last sync's
 * users, the batch summaries and the history): users by state, progress over time, what moved per hour,
 * the mailboxes ready (mail reaches the cloud mailbox: users may start using it), the errors with a
 * suggested fix each, and whether the migration is complete. Reads nothing from the engine.
 */

/** Rows listed by name on the card (the CSV has every user). */
export const REPORT_LISTED = 8;
/** Batches drawn as their own line on a tenant's report (the most recently changed). */
export const TENANT_LINES = 5;
/** Batches of a tenant read for its report. */
export const TENANT_BATCHES = 200;

export interface ReportError {
  email: string;
  status: string;
  error: string;
  fix: string;
  batchName?: string;
}

export interface ReportBase {
  tenantId: string;
  total: number;
  users: GroupCounts;
  percent: number;
  hourly: HourlyMoves;
  /** Mailboxes ready: the count, and the first REPORT_LISTED addresses. */
  ready: { count: number; emails: string[] };
  /** Failed users: the count, and the first REPORT_LISTED with their error and fix. */
  errors: { count: number; items: ReportError[] };
  /** Every user completed or failed: the migration complete report. */
  complete: { done: boolean; completed: number; failed: number };
  /** When the data was last synced (ISO-8601). */
  asOf?: string;
}

export interface BatchReport extends ReportBase {
  kind: 'batch';
  batchId: string;
  batchName: string;
  scenario: Batch['scenario'];
  state: Batch['state'];
  engineName?: string;
  lines: { legend: string; points: ProgressPoint[] }[];
}

export interface TenantReport extends ReportBase {
  kind: 'tenant';
  batchCount: number;
  batches: {
    batchId: string;
    name: string;
    state: Batch['state'];
    total: number;
    percent: number;
    failed: number;
  }[];
  lines: { legend: string; points: ProgressPoint[] }[];
}

export type Report = BatchReport | TenantReport;

/** Users whose new mailbox receives mail: staged moves count them from the data copy on. */
function isReady(user: Pick<BatchUser, 'status'>, batch: Pick<Batch, 'scenario'>): boolean {
  const group = userGroupOf(user.status);
  if (group === 'ready' || group === 'completed') return true;
  return batch.scenario === 'staged' && group === 'syncing';
}

function completeOf(users: GroupCounts, total: number, state: Batch['state']) {
  const settled = users.completed + users.failed;
  const done = (total > 0 && settled === total) || state === 'Completed' || state === 'CompletedWithErrors';
  return { done, completed: users.completed, failed: users.failed };
}

/** A batch's report. Needs the viewer role in the batch's tenant. */
export async function batchReport(
  ctx: ServiceContext,
  actor: Actor,
  ref: { batchId?: string; name?: string; tenantId?: string },
): Promise<Result<{ report: BatchReport; batch: Stored<Batch> }>> {
  const found = await viewBatch(ctx, actor, ref);
  if (!found.ok) return found;
  const batch = found.batch;
  const [users, samples] = await Promise.all([
    readAll(ctx.repos.batchUsers, { pk: batch.id, orderBy: { field: 'email' } }),
    readHistory(ctx, batch.id),
  ]);
  const counts = groupCounts(countStatuses(users));
  const ready = users.filter((u) => isReady(u, batch));
  const failed = users.filter((u) => FAILED_USER_STATUSES.includes(u.status));
  const total = users.length;
  const report: BatchReport = {
    kind: 'batch',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    scenario: batch.scenario,
    state: batch.state,
    engineName: batch.engineName,
    total,
    users: counts,
    percent: batch.summary?.percent ?? 0,
    lines: [{ legend: batch.name, points: progressLine(withNow(samples, batch)) }],
    hourly: hourlyMoves(samples),
    ready: { count: ready.length, emails: ready.slice(0, REPORT_LISTED).map((u) => u.email) },
    errors: {
      count: failed.length,
      items: failed.slice(0, REPORT_LISTED).map((u) => errorOf(u)),
    },
    complete: completeOf(counts, total, batch.state),
    asOf: batch.summary?.syncedAt,
  };
  return { ok: true, report, batch };
}

/** A tenant's report over its batches (the most recent TENANT_BATCHES). Needs the viewer role there. */
export async function tenantReport(
  ctx: ServiceContext,
  actor: Actor,
  tenantId: string,
): Promise<Result<{ report: TenantReport }>> {
  if (!ctx.tenant(tenantId))
    return failure('tenant.unknown', { tenantId, known: ctx.tenants.tenants.map((t) => t.id) });
  if (!authorize(ctx.tenants, actor, tenantId, 'viewer')) return failure('tenant.no_role', { tenantId });
  const page = await ctx.repos.batches.query({
    pk: tenantId,
    where: { tenantId },
    orderBy: { field: 'updatedAt', direction: 'desc' },
    pageSize: TENANT_BATCHES,
  });
  const batches = page.items.filter((b) => b.state !== 'Removed');
  const histories = await Promise.all(batches.map((b) => readHistory(ctx, b.id)));
  const users: GroupCounts = { waiting: 0, syncing: 0, ready: 0, completed: 0, failed: 0 };
  let total = 0;
  let units = 0;
  let readyCount = 0;
  const errors: ReportError[] = [];
  let errorCount = 0;
  for (const batch of batches) {
    const counts = groupCounts(batch.summary?.counts ?? {});
    for (const key of Object.keys(users) as (keyof GroupCounts)[]) users[key] += counts[key];
    const batchTotal = batch.summary?.total ?? 0;
    total += batchTotal;
    units += ((batch.summary?.percent ?? 0) * batchTotal) / 100;
    readyCount += counts.ready + counts.completed + (batch.scenario === 'staged' ? counts.syncing : 0);
    errorCount += batch.summary?.failureCount ?? 0;
    for (const f of batch.summary?.failures ?? []) {
      if (errors.length >= REPORT_LISTED) break;
      errors.push({ ...errorOf({ ...f, error: f.error }), batchName: batch.name });
    }
  }
  const unit = histories.length > 0 && histories.every((h) => unitOf(h) === 'bytes') ? 'bytes' : 'mailboxes';
  const report: TenantReport = {
    kind: 'tenant',
    tenantId,
    batchCount: batches.length,
    batches: batches.map((b) => ({
      batchId: b.id,
      name: b.name,
      state: b.state,
      total: b.summary?.total ?? b.userCount,
      percent: b.summary?.percent ?? 0,
      failed: b.summary?.failureCount ?? 0,
    })),
    total,
    users,
    percent: total ? Math.round((units / total) * 100) : 0,
    lines: batches
      .map((b, i) => ({ legend: b.name, points: progressLine(withNow(histories[i]!, b)) }))
      .filter((line) => line.points.length > 0)
      .slice(0, TENANT_LINES),
    hourly: sumHourly(
      histories.map((h) => hourlyMoves(h, undefined, unit)),
      unit,
    ),
    ready: { count: readyCount, emails: [] },
    errors: { count: errorCount, items: errors },
    complete: {
      done: batches.length > 0 && batches.every((b) => TERMINAL_STATES.includes(b.state) || isComplete(b)),
      completed: users.completed,
      failed: users.failed,
    },
    asOf: batches
      .map((b) => b.summary?.syncedAt)
      .filter((at): at is string => Boolean(at))
      .sort()
      .at(-1),
  };
  return { ok: true, report };
}

function isComplete(batch: Batch): boolean {
  return batch.state === 'Completed' || batch.state === 'CompletedWithErrors';
}

function countStatuses(users: readonly BatchUser[]) {
  const counts: Partial<Record<BatchUser['status'], number>> = {};
  for (const user of users) counts[user.status] = (counts[user.status] ?? 0) + 1;
  return counts;
}

function errorOf(user: { email: string; status: string; error?: string }): ReportError {
  const error = user.error ?? 'No error text was given.';
  return { email: user.email, status: user.status, error, fix: suggestedFix(user.error) };
}

/** The history, or the batch's current progress alone for a batch that has none yet. */
function withNow(samples: readonly HistorySample[], batch: Batch): HistorySample[] {
  if (samples.length > 0 || !batch.summary?.syncedAt) return [...samples];
  return [
    {
      at: batch.summary.syncedAt,
      users: groupCounts(batch.summary.counts),
      percent: batch.summary.percent,
      done: batch.summary.done,
    },
  ];
}
