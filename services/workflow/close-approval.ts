import type { ServiceContext } from '../context';
import type { Approval } from '../model/approval';
import type { Actor, Batch } from '../model/batch';
import type { Failure } from '../model/result';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { replaceIfUnchanged, updateDocument } from '../store/update-document';

export type ClosedStatus = 'expired' | 'void';

/**
 * Ends a pending approval as expired or void, if nobody changed it since it was read (else the
 * current approval is returned as it is); the batch stops waiting for it.
 */
export async function close(
  ctx: ServiceContext,
  approval: Stored<Approval>,
  status: ClosedStatus,
  outcome: string,
): Promise<Stored<Approval>> {
  const stored = await replaceIfUnchanged(ctx.repos.approvals, { ...approval, status, outcome });
  if (!stored) return (await ctx.repos.approvals.read(approval.pk, approval.id)) ?? approval;
  await closed(ctx, stored);
  return stored;
}

/** What follows an approval's closing as expired or void: audit, the batch stops waiting, the cards. */
export async function closed(ctx: ServiceContext, approval: Stored<Approval>): Promise<void> {
  const status = approval.status as ClosedStatus;
  await audit(ctx, approval, { id: 'cutover', name: 'Cutover' }, status, approval.outcome);
  await clearAwaiting(ctx, approval);
  await ctx.events.approvalChanged(approval, 'closed');
}

/** A command changed the batch while it was waiting for an approval: that approval is void now. */
export async function voidSuperseded(ctx: ServiceContext, before: Batch): Promise<void> {
  if (!before.awaiting) return;
  const old = await ctx.repos.approvals.read(before.id, before.awaiting.approvalId);
  if (old?.status === 'pending') {
    await close(
      ctx,
      old,
      'void',
      `Batch ${before.name} changed after the request (version ${old.batchVersion} → ${before.version + 1}); ask again.`,
    );
  }
}

/** The batch no longer waits for this approval (if it still did). */
export async function clearAwaiting(ctx: ServiceContext, approval: Approval): Promise<void> {
  const result = await updateDocument(
    ctx.repos.batches,
    { pk: approval.tenantId, id: approval.batchId },
    (batch) => (batch.awaiting?.approvalId === approval.id ? { ...batch, awaiting: undefined } : batch),
  );
  if (result.ok && result.written) await ctx.events.batchChanged(result.doc);
}

export async function audit(
  ctx: ServiceContext,
  approval: Approval,
  actor: Actor,
  outcome: 'requested' | 'approved' | 'rejected' | 'refused' | 'expired' | 'void',
  /** Free text, or the refusal (kept as its code and data). */
  detail?: string | Failure,
): Promise<void> {
  const refused = typeof detail === 'object' ? detail : undefined;
  await appendAudit(ctx.repos, {
    tenantId: approval.tenantId,
    batchId: approval.batchId,
    batchVersion: approval.batchVersion,
    at: ctx.now().toISOString(),
    actor,
    action: `approval:${approval.action}`,
    outcome,
    detail: refused ? undefined : (detail as string | undefined),
    refusal: refused ? { code: refused.code, data: refused.data } : undefined,
  });
}
