import type { Actor, Batch, BatchUser } from '../model/batch';
import { isUserStatus } from '../model/statuses';
import type { ServiceContext } from '../context';
import { authorize } from '../authorize';
import type { ProviderUserStatistics } from '../providers/migration-provider';
import type { Stored } from '../store/document-store';
import { listBatchUsers } from '../store/repositories';
import { findBatch } from './find-batch';
import { type Result, failure } from '../model/result';

export const USERS_PAGE_SIZE = 20;

function canView(ctx: ServiceContext, actor: Actor, tenantId: string): boolean {
  return authorize(ctx.tenants, actor, tenantId, 'viewer');
}

/** A batch the actor may see. */
export async function viewBatch(
  ctx: ServiceContext,
  actor: Actor,
  ref: { batchId?: string; name?: string; tenantId?: string },
): Promise<Result<{ batch: Stored<Batch> }>> {
  const found = await findBatch(ctx, ref);
  if (!found.ok) return found;
  if (!canView(ctx, actor, found.batch.tenantId)) {
    return failure('batch.hidden', { tenantId: found.batch.tenantId });
  }
  return found;
}

/** The batches of every tenant the actor may see, newest first, one page. */
export async function listBatches(
  ctx: ServiceContext,
  actor: Actor,
  options: { tenantId?: string; continuation?: string } = {},
): Promise<Result<{ batches: Stored<Batch>[]; continuation?: string }>> {
  const visible = ctx.tenants.tenants.filter((t) => canView(ctx, actor, t.id)).map((t) => t.id);
  if (options.tenantId && !visible.includes(options.tenantId)) {
    return failure('tenant.no_role', { tenantId: options.tenantId });
  }
  if (visible.length === 0) return failure('tenant.none', {});
  const page = await ctx.repos.batches.query({
    pk: options.tenantId,
    where: { tenantId: options.tenantId ? options.tenantId : visible },
    orderBy: { field: 'createdAt', direction: 'desc' },
    pageSize: 20,
    continuation: options.continuation,
  });
  return { ok: true, batches: page.items, continuation: page.continuation };
}

/** One page of a batch's users from the last sync, optionally filtered by status. */
export async function usersPage(
  ctx: ServiceContext,
  actor: Actor,
  ref: { batchId?: string; name?: string; tenantId?: string },
  options: { status?: string; page?: number } = {},
): Promise<
  Result<{ batch: Stored<Batch>; users: BatchUser[]; page: number; pageCount: number; total: number }>
> {
  const found = await viewBatch(ctx, actor, ref);
  if (!found.ok) return found;
  if (options.status && !isUserStatus(options.status)) {
    return failure('status.unknown', { status: options.status });
  }
  const status = options.status ? [options.status] : undefined;
  const total = status
    ? (found.batch.summary?.counts[options.status as keyof typeof found.batch.summary.counts] ?? 0)
    : (found.batch.summary?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  // Walk the continuation tokens to the requested page: pages are small and batches bounded (2,000).
  let continuation: string | undefined;
  let users: BatchUser[] = [];
  for (let p = 1; p <= page; p++) {
    const result = await listBatchUsers(ctx.repos, found.batch.id, {
      status,
      pageSize: USERS_PAGE_SIZE,
      continuation,
    });
    users = result.items;
    continuation = result.continuation;
    if (!continuation) break;
  }
  return { ok: true, batch: found.batch, users, page, pageCount, total };
}

/** One user's live statistics (one Get-MigrationUserStatistics call: only for what a person opens). */
export async function userStatus(
  ctx: ServiceContext,
  actor: Actor,
  email: string,
  options: { requestId?: string; batchId?: string } = {},
): Promise<Result<{ stats: ProviderUserStatistics; batch?: Stored<Batch> }>> {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return failure('email.invalid', { email });
  const found = await ctx.repos.batchUsers.query({ where: { email: address }, pageSize: 10 });
  const candidates = options.batchId ? found.items.filter((u) => u.batchId === options.batchId) : found.items;
  const visible = candidates.filter((u) => canView(ctx, actor, u.tenantId));
  const user = visible.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!user) {
    return failure('user.not_visible', { email: address });
  }
  const stats = await ctx
    .provider(user.tenantId)
    .getUserStatistics(address, { requestId: options.requestId });
  if (!stats) return failure('user.not_in_exchange', { email: address });
  const batch = await ctx.repos.batches.read(user.tenantId, user.batchId);
  return { ok: true, stats, batch: batch ?? undefined };
}
