import type { ServiceContext } from '../context';
import { hasAnyRole } from '../authorize';
import type { Approval, Decision } from '../model/approval';
import type { Actor } from '../model/batch';
import type { Stored } from '../store/document-store';
import { refuse, updateDocument } from '../store/update-document';
import { audit, clearAwaiting, closed } from './close-approval';
import { execute } from './execute-approval';
import { type Failure, type Result, failure } from '../model/result';

export interface DecisionInput {
  approvalId: string;
  batchId: string;
  decision: 'approved' | 'rejected';
  reason?: string;
}

/**
 * One approver's decision. Every check refuses without changing anything; the decision itself is a
 * conditional replace, so double clicks, retries and other instances record it once, and a lost race
 * looks again (a second click finds its own decision). An approval found expired, or bound to a batch
 * version that is gone, is closed instead. The final approval records the action's intent; the
 * provider is called by the intent runner.
 */
export async function decide(
  ctx: ServiceContext,
  actor: Actor,
  input: DecisionInput,
): Promise<Result<{ approval: Stored<Approval> }> & { approval?: Stored<Approval> }> {
  const reason = input.reason?.trim() || undefined;
  // Set when this look closes the approval instead of deciding: what the approver is told then.
  let closing: Failure | undefined;
  let seen: Stored<Approval> | undefined;
  const result = await updateDocument<Approval, Failure>(
    ctx.repos.approvals,
    { pk: input.batchId, id: input.approvalId },
    async (approval) => {
      closing = undefined;
      seen = approval;
      const checked = await check(ctx, actor, approval, input.decision, reason);
      if (checked && 'ok' in checked) return refuse(checked);
      if (checked) {
        closing = checked.failure;
        return { ...approval, status: checked.status, outcome: checked.outcome };
      }
      const decisions: Decision[] = [
        ...approval.decisions,
        { by: actor, decision: input.decision, at: ctx.now().toISOString(), reason },
      ];
      const approvals = decisions.filter((d) => d.decision === 'approved').length;
      const status =
        input.decision === 'rejected' ? 'rejected' : approvals >= approval.quorum ? 'approved' : 'pending';
      return {
        ...approval,
        decisions,
        status,
        outcome:
          status === 'rejected' ? `Rejected by ${actor.name ?? actor.id}: ${reason}` : approval.outcome,
      };
    },
  );
  if (!result.ok) {
    if (result.why === 'missing') return failure('approval.gone', {});
    if (result.why === 'busy') return failure('approval.crowded', {});
    return refused(ctx, actor, input, result.refusal, seen);
  }
  let stored = result.doc;
  if (closing) {
    await closed(ctx, stored);
    return refused(ctx, actor, input, closing, stored);
  }
  await audit(ctx, stored, actor, input.decision, reason);
  if (stored.status === 'approved') stored = await execute(ctx, stored);
  if (stored.status === 'rejected') await clearAwaiting(ctx, stored);
  await ctx.events.approvalChanged(stored, stored.status === 'pending' ? 'decided' : 'closed');
  return { ok: true, approval: stored };
}

/** A refusal: audited in the tenant (unless the actor has no role there; the bot logs it then). */
async function refused(
  ctx: ServiceContext,
  actor: Actor,
  input: DecisionInput,
  refusal: Failure,
  seen: Stored<Approval> | undefined,
) {
  const approval = (await ctx.repos.approvals.read(input.batchId, input.approvalId)) ?? seen;
  if (!approval) return refusal;
  if (hasAnyRole(ctx.tenants, actor, approval.tenantId)) {
    await audit(ctx, approval, actor, 'refused', refusal);
  }
  return { ...refusal, approval };
}

interface Closing {
  status: 'expired' | 'void';
  outcome: string;
  /** What the approver is told. */
  failure: Failure;
}

async function check(
  ctx: ServiceContext,
  actor: Actor,
  approval: Stored<Approval>,
  decision: 'approved' | 'rejected',
  reason: string | undefined,
): Promise<Failure | Closing | undefined> {
  if (approval.status !== 'pending') {
    return failure('approval.closed', { status: approval.status });
  }
  if (Date.parse(approval.expiresAt) <= ctx.now().getTime()) {
    return {
      status: 'expired',
      outcome: `Expired at ${approval.expiresAt} before enough approvals.`,
      failure: failure('approval.expired', {}),
    };
  }
  if (!approval.approvers.includes(actor.id)) {
    return failure('approval.not_approver', {});
  }
  if (approval.requestedBy.id === actor.id && !approval.allowSelfApproval) {
    return failure('approval.own_request', {});
  }
  if (approval.decisions.some((d) => d.by.id === actor.id)) {
    return failure('approval.already_decided', {});
  }
  if (decision === 'rejected' && !reason) {
    return failure('approval.reason_needed', {});
  }
  const batch = await ctx.repos.batches.read(approval.tenantId, approval.batchId);
  if (!batch || batch.version !== approval.batchVersion) {
    // The batch may have moved on because this very approval was just carried out by someone else:
    // closing loses the race then, and a fresh look finds the approval decided.
    const why = batch
      ? `Batch ${batch.name} changed after the request (version ${approval.batchVersion} → ${batch.version}); ask again.`
      : 'The batch no longer exists.';
    const moved = failure('approval.batch_moved', {
      name: batch?.name,
      from: approval.batchVersion,
      to: batch?.version,
    });
    return { status: 'void', outcome: why, failure: moved };
  }
  return undefined;
}
