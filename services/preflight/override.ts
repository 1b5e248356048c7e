import { authorize } from '../authorize';
import type { ServiceContext } from '../context';
import type { Actor, Batch } from '../model/batch';
import { type Failure, failure } from '../model/result';
import { appendAudit } from '../store/repositories';

/** The shortest reason an admin may give to go ahead despite a gate (a failed preflight, an open runbook step). */
export const MIN_OVERRIDE_REASON = 10;

/**
 * Whether the actor may override a gate on the batch with this reason: only an admin of its tenant (a
 * refusal is audited under `auditAction`, so an operator's attempt is on record) and only with a reason
 * of at least MIN_OVERRIDE_REASON characters. Undefined when the override may go ahead.
 */
export async function overrideRefusal(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  reason: string,
  auditAction: string,
): Promise<Failure | undefined> {
  if (!authorize(ctx.tenants, actor, batch.tenantId, 'admin')) {
    await auditOverride(ctx, actor, batch, auditAction, 'refused', `not an admin: ${reason}`);
    return failure('override.admin_only', { tenantId: batch.tenantId }, { batch });
  }
  if (reason.trim().length < MIN_OVERRIDE_REASON) {
    return failure('override.reason_short', { min: MIN_OVERRIDE_REASON }, { batch });
  }
  return undefined;
}

/** The audit entry of an override (done) or of an attempt refused. */
export function auditOverride(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  action: string,
  outcome: 'done' | 'refused',
  detail: string,
) {
  return appendAudit(ctx.repos, {
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchVersion: batch.version,
    at: ctx.now().toISOString(),
    actor,
    action,
    outcome,
    detail,
  });
}
