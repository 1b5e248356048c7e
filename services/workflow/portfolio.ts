import type { ServiceContext } from '../context';
import { tenantsWhere } from '../authorize';
import type { Approval } from '../model/approval';
import type { Actor, Batch, BatchState } from '../model/batch';
import { MOVING_STATES, SCHEDULABLE_STATES } from '../model/batch-states';
import { type Result, failure } from '../model/result';
import { readAll, type Stored } from '../store/document-store';

/** Tenants per portfolio page: readable in a chat, and every page well under Teams' card size limit. */
export const PORTFOLIO_PAGE_SIZE = 10;

/** What `portfolio --state` narrows the tenants to: those with at least one batch (or item) in that state. */
export const PORTFOLIO_FILTERS = [
  'failed',
  'approval',
  'moving',
  'synced',
  'scheduled',
  'completed',
] as const;
export type PortfolioFilter = (typeof PORTFOLIO_FILTERS)[number];

const FAILED_BATCH_STATES: readonly BatchState[] = ['Failed', 'CreateFailed', 'Corrupted'];
const SYNCED_STATES: readonly BatchState[] = ['Synced', 'SyncedWithErrors'];
const COMPLETED_STATES: readonly BatchState[] = ['Completed', 'CompletedWithErrors'];
const MOVED_USER_STATES = ['Completed', 'CompletedWithWarnings'] as const;

/** One tenant's line: what its batches are doing and the worst thing about them. */
export interface PortfolioLine {
  tenantId: string;
  displayName: string;
  batches: number;
  /** Batches per state, most first (removed batches are left out). */
  byState: { state: BatchState; count: number }[];
  usersMoved: number;
  usersTotal: number;
  /** Users that failed, across the tenant's batches. */
  failedUsers: number;
  /** Batches that failed as a whole (Exchange said Failed, creation failed, corrupted). */
  failedBatches: number;
  pendingApprovals: number;
  /** The soonest cutover scheduled ahead, and its batch. */
  nextCutover?: { at: string; batchName: string };
  /** The worst problem in words, when there is one. */
  worst?: string;
}

export interface Portfolio {
  lines: PortfolioLine[];
  page: number;
  pageCount: number;
  /** Tenants shown across all pages (after the filter). */
  tenantCount: number;
  filter?: PortfolioFilter;
  totals: {
    tenants: number;
    batches: number;
    usersMoved: number;
    usersTotal: number;
    failures: number;
    approvals: number;
  };
}

function lineOf(
  tenant: { id: string; displayName: string },
  batches: Stored<Batch>[],
  approvals: number,
  now: number,
): PortfolioLine {
  const states = new Map<BatchState, number>();
  let usersMoved = 0;
  let usersTotal = 0;
  let failedUsers = 0;
  let failedBatches = 0;
  let nextCutover: PortfolioLine['nextCutover'];
  let worstBatch: { name: string; failures: number } | undefined;
  for (const batch of batches) {
    states.set(batch.state, (states.get(batch.state) ?? 0) + 1);
    const counts = batch.summary?.counts ?? {};
    const moved = MOVED_USER_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
    usersMoved += batch.state === 'Completed' && !batch.summary ? batch.userCount : moved;
    usersTotal += batch.summary?.total || batch.userCount;
    const failures = batch.summary?.failureCount ?? 0;
    failedUsers += failures;
    if (FAILED_BATCH_STATES.includes(batch.state)) failedBatches++;
    if (failures > (worstBatch?.failures ?? 0)) worstBatch = { name: batch.name, failures };
    const at =
      batch.awaiting?.action === 'cutover' ? (batch.awaiting.at ?? batch.completeAfter) : batch.completeAfter;
    if (at && SCHEDULABLE_STATES.includes(batch.state) && Date.parse(at) > now) {
      if (!nextCutover || at < nextCutover.at) nextCutover = { at, batchName: batch.name };
    }
  }
  const byState = [...states]
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
  return {
    tenantId: tenant.id,
    displayName: tenant.displayName,
    batches: batches.length,
    byState,
    usersMoved,
    usersTotal,
    failedUsers,
    failedBatches,
    pendingApprovals: approvals,
    ...(nextCutover ? { nextCutover } : {}),
    ...worstOf(failedBatches, worstBatch, approvals),
  };
}

function worstOf(
  failedBatches: number,
  worstBatch: { name: string; failures: number } | undefined,
  approvals: number,
): { worst?: string } {
  if (failedBatches > 0) return { worst: `${failedBatches} failed batch${failedBatches === 1 ? '' : 'es'}` };
  if (worstBatch) {
    const users = `${worstBatch.failures} failed user${worstBatch.failures === 1 ? '' : 's'}`;
    return { worst: `${users} in ${worstBatch.name}` };
  }
  if (approvals > 0) return { worst: `${approvals} approval${approvals === 1 ? '' : 's'} waiting` };
  return {};
}

/** Worst problem first: failures, then pending approvals, then the soonest cutover, then the name. */
export function bySeverity(a: PortfolioLine, b: PortfolioLine): number {
  return (
    b.failedBatches + b.failedUsers - (a.failedBatches + a.failedUsers) ||
    b.pendingApprovals - a.pendingApprovals ||
    (a.nextCutover?.at ?? '\uffff').localeCompare(b.nextCutover?.at ?? '\uffff') ||
    b.batches - a.batches ||
    a.displayName.localeCompare(b.displayName)
  );
}

function matches(line: PortfolioLine, filter: PortfolioFilter): boolean {
  const has = (states: readonly BatchState[]) => line.byState.some((s) => states.includes(s.state));
  switch (filter) {
    case 'failed':
      return line.failedBatches + line.failedUsers > 0;
    case 'approval':
      return line.pendingApprovals > 0;
    case 'moving':
      return has(MOVING_STATES);
    case 'synced':
      return has(SYNCED_STATES);
    case 'scheduled':
      return line.nextCutover !== undefined;
    case 'completed':
      return has(COMPLETED_STATES);
  }
}

/**
 * Every tenant the actor may see, one line each, worst problem first, a page at a time. Reads the store
 * only (never Exchange): what the last sync stored.
 */
export async function portfolio(
  ctx: ServiceContext,
  actor: Actor,
  options: { page?: number; filter?: PortfolioFilter } = {},
): Promise<Result<Portfolio>> {
  const visible = tenantsWhere(ctx.tenants, actor, 'viewer');
  if (visible.length === 0) return failure('tenant.none', {});
  const now = ctx.now().getTime();
  const [batches, approvals] = await Promise.all([
    readAll(ctx.repos.batches, { where: { tenantId: visible } }),
    readAll(ctx.repos.approvals, { where: { tenantId: visible, status: 'pending' } }),
  ]);
  const batchesOf = new Map<string, Stored<Batch>[]>();
  for (const batch of batches) {
    if (batch.state === 'Removed') continue;
    batchesOf.set(batch.tenantId, [...(batchesOf.get(batch.tenantId) ?? []), batch]);
  }
  const approvalsOf = new Map<string, number>();
  for (const approval of approvals as Stored<Approval>[]) {
    if (Date.parse(approval.expiresAt) <= now) continue;
    approvalsOf.set(approval.tenantId, (approvalsOf.get(approval.tenantId) ?? 0) + 1);
  }
  const all = ctx.tenants.tenants
    .filter((t) => visible.includes(t.id))
    .map((t) => lineOf(t, batchesOf.get(t.id) ?? [], approvalsOf.get(t.id) ?? 0, now))
    .sort(bySeverity);
  const filter = options.filter;
  const lines = filter ? all.filter((line) => matches(line, filter)) : all;
  const pageCount = Math.max(1, Math.ceil(lines.length / PORTFOLIO_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const sum = (f: (l: PortfolioLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  return {
    ok: true,
    lines: lines.slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE),
    page,
    pageCount,
    tenantCount: lines.length,
    ...(filter ? { filter } : {}),
    totals: {
      tenants: lines.length,
      batches: sum((l) => l.batches),
      usersMoved: sum((l) => l.usersMoved),
      usersTotal: sum((l) => l.usersTotal),
      failures: sum((l) => l.failedUsers + l.failedBatches),
      approvals: sum((l) => l.pendingApprovals),
    },
  };
}

export function isPortfolioFilter(value: unknown): value is PortfolioFilter {
  return typeof value === 'string' && (PORTFOLIO_FILTERS as readonly string[]).includes(value);
}
