import { rolesOf } from '../config/tenants';
import type { ServiceContext } from '../context';
import type { Actor, Batch } from '../model/batch';
import type { Notice } from '../model/notice';
import type { Stored } from '../store/document-store';
import { findBatch } from '../workflow/find-batch';
import { failure, type Result } from '../model/result';
import type { NoticeKind } from './content';
import {
  listNotices,
  type NoticeCounts,
  type NoticeFilter,
  type NoticesPage,
  noticeCounts,
  noticesApply,
  newNotice,
} from './outbox';
import { batchEmails } from '../preflight/batch-emails';

type Ref = { name?: string; batchId?: string; tenantId?: string };

/** `batch notices <name> [--pending|--help|--failed]`: who got what, for viewers of the batch. */
export async function viewNotices(
  ctx: ServiceContext,
  actor: Actor,
  ref: Ref,
  filter: NoticeFilter,
  page = 1,
): Promise<Result<{ batch: Stored<Batch>; counts: NoticeCounts; page: NoticesPage }>> {
  const found = await findBatch(ctx, ref);
  if (!found.ok) return found;
  if (!rolesOf(ctx.tenants, found.batch.tenantId, actor.id).has('viewer')) {
    return failure('batch.viewer_needed', { tenantId: found.batch.tenantId });
  }
  const [counts, listed] = await Promise.all([
    noticeCounts(ctx, found.batch.id, 'reset'),
    listNotices(ctx, found.batch.id, filter, page),
  ]);
  return { ok: true, batch: found.batch, counts, page: listed };
}

const PREVIEW_SUFFIX = ':preview';

/** Whether a notice id is a preview's: no notice is stored under it, and no answer is recorded for it. */
export function isPreviewNoticeId(id: string): boolean {
  return id.endsWith(PREVIEW_SUFFIX);
}

/** `notify preview <batch>`: the notice the batch's first user would get, without recording or sending it. */
export async function previewNotice(
  ctx: ServiceContext,
  actor: Actor,
  ref: Ref,
  kind: NoticeKind,
): Promise<Result<{ batch: Stored<Batch>; notice: Notice; applies: boolean }>> {
  const found = await findBatch(ctx, ref);
  if (!found.ok) return found;
  const { batch } = found;
  const tenant = ctx.tenant(batch.tenantId);
  if (!tenant || !rolesOf(ctx.tenants, batch.tenantId, actor.id).has('operator')) {
    return failure('notice.preview_forbidden', { tenantId: batch.tenantId });
  }
  const [email = 'first.user@example.com'] = await batchEmails(ctx, batch);
  const cutoverAt = batch.completeAfter ?? ctx.now().toISOString();
  // Built like a recorded notice, but never stored: its id names no notice, so its buttons change nothing.
  const notice = {
    ...newNotice(tenant, batch, kind, email, cutoverAt, ctx.now().toISOString()),
    id: `${batch.id}:${kind}${PREVIEW_SUFFIX}`,
  };
  return { ok: true, batch, notice, applies: noticesApply(tenant, batch.scenario) };
}
