import type { ServiceContext } from '../context';
import { AlreadyExistsError } from '../errors';
import type { Approval, ApprovalAction } from '../model/approval';
import type { BatchAction } from '../model/batch';
import { type Intent, intentId } from '../model/intent';
import type { Stored } from '../store/document-store';
import { refuse, updateDocument } from '../store/update-document';
import { allows } from './batch-rules';
import { close } from './close-approval';

export const INTENT_ACTION: Record<ApprovalAction, Exclude<BatchAction, 'create'>> = {
  start: 'start',
  cutover: 'complete',
  remove: 'remove',
  prestage: 'prestage',
  pass: 'pass',
};

/**
 * Runs the approved action: the batch moves to the next version with the action pending, and the
 * intent is recorded. Safe to repeat after a crash: the intent id is fixed by the approved version.
 */
export async function execute(ctx: ServiceContext, approval: Stored<Approval>): Promise<Stored<Approval>> {
  const action = INTENT_ACTION[approval.action];
  const id = intentId(approval.batchId, action, approval.batchVersion);
  const moved = await updateDocument(
    ctx.repos.batches,
    { pk: approval.tenantId, id: approval.batchId },
    (batch) => {
      if (batch.pending?.intentId === id) return batch;
      const scheduled = approval.action === 'cutover' && approval.at !== undefined;
      const ready =
        batch.version === approval.batchVersion &&
        allows({ ...batch, pending: undefined }, action, scheduled);
      if (!ready)
        return refuse(`Batch ${batch.name} changed before the approved action could run; ask again.`);
      return {
        ...batch,
        version: batch.version + 1,
        awaiting: undefined,
        pending: { action, intentId: id, requestedAt: ctx.now().toISOString(), at: approval.at },
      };
    },
  );
  if (!moved.ok) {
    if (moved.why === 'missing') return close(ctx, approval, 'void', 'The batch no longer exists.');
    if (moved.why === 'refused') return close(ctx, approval, 'void', moved.refusal);
    return approval;
  }
  const now = ctx.now().toISOString();
  const intent: Intent = {
    id,
    pk: approval.batchId,
    type: 'intent',
    tenantId: approval.tenantId,
    batchId: approval.batchId,
    batchName: approval.batchName,
    action,
    status: 'pending',
    at: approval.at,
    requestedBy: approval.requestedBy,
    requestedAt: now,
    attempts: 0,
    updatedAt: now,
  };
  try {
    await ctx.repos.intents.create(intent);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  ctx.kick();
  return markExecuted(ctx, approval, id);
}

async function markExecuted(
  ctx: ServiceContext,
  approval: Stored<Approval>,
  id: string,
): Promise<Stored<Approval>> {
  const marked = await updateDocument(ctx.repos.approvals, { pk: approval.pk, id: approval.id }, (current) =>
    current.intentId === id ? current : { ...current, intentId: id },
  );
  return marked.ok ? marked.doc : approval;
}
