import type { ServiceContext } from '../context';
import { approversOf } from '../config/tenants';
import type { Approval, ApprovalAction } from '../model/approval';
import { approvalId } from '../model/approval';
import type { Actor, Batch, BatchAction, CardLocation } from '../model/batch';
import { readAll, type Stored } from '../store/document-store';
import { refuse, replaceIfUnchanged, updateDocument } from '../store/update-document';
import { audit, close, voidSuperseded } from './close-approval';
import { execute } from './execute-approval';
import { type Failure, type Result, failure } from '../model/result';

export { close, voidSuperseded } from './close-approval';
export { type DecisionInput, decide } from './decide';
export { execute, INTENT_ACTION } from './execute-approval';

const GATED: Partial<Record<BatchAction, ApprovalAction>> = {
  start: 'start',
  complete: 'cutover',
  remove: 'remove',
  prestage: 'prestage',
  pass: 'pass',
};

/** The approval a request needs under the tenant's policy, if any. Resuming and retrying are not gated. */
export function gateOf(ctx: ServiceContext, batch: Batch, action: BatchAction): ApprovalAction | undefined {
  const gated = GATED[action];
  if (!gated) return undefined;
  if (gated === 'start' && batch.state !== 'Created') return undefined;
  return ctx.tenant(batch.tenantId)?.approval.actions.includes(gated) ? gated : undefined;
}

/**
 * Records a request for approval instead of acting: the batch gets a new version (the one the
 * approval is bound to) and the approval document is created. Nothing is sent to the provider.
 */
export async function requestApproval(
  ctx: ServiceContext,
  actor: Actor,
  batch: Stored<Batch>,
  action: ApprovalAction,
  options: {
    at?: string;
    requestedIn?: string;
    preflight?: Approval['preflight'];
    /** The caller's checks, made again on the batch as it is when written. */
    recheck?: (current: Stored<Batch>) => Failure | undefined;
  } = {},
): Promise<Result<{ batch: Stored<Batch>; approval: Stored<Approval> }>> {
  const { at } = options;
  const tenant = ctx.tenant(batch.tenantId)!;
  const policy = tenant.approval;
  const now = ctx.now();
  const version = batch.version + 1;
  const id = approvalId(batch.id, version, action);
  let before: Stored<Batch> = batch;
  const written = await updateDocument<Batch, Failure>(
    ctx.repos.batches,
    { pk: batch.tenantId, id: batch.id },
    (current) => {
      before = current;
      if (current.version !== batch.version) {
        // Someone acted on the batch meanwhile (a status sync writes the same version: that is fine).
        return refuse(failure('batch.raced', { name: batch.name }, { batch: current }));
      }
      if (current.awaiting?.action === action) {
        return refuse(failure('approval.pending', { name: batch.name, action }, { batch: current }));
      }
      const refusal = options.recheck?.(current);
      if (refusal) return refuse(refusal);
      return {
        ...current,
        version,
        awaiting: { action, approvalId: id, at },
        lastError: undefined,
        updatedAt: now.toISOString(),
      };
    },
  );
  if (!written.ok) {
    if (written.why === 'refused') return written.refusal;
    if (written.why === 'missing') return failure('batch.missing', { name: batch.name });
    return failure('batch.raced', { name: batch.name }, { batch });
  }
  const updated = written.doc;
  const approval = await ctx.repos.approvals.create({
    id,
    pk: batch.id,
    type: 'approval',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    batchVersion: version,
    action,
    at,
    requestedBy: actor,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.expiryHours * 3_600_000).toISOString(),
    status: 'pending',
    quorum: policy.quorum,
    approvers: approversOf(ctx.tenants, batch.tenantId),
    allowSelfApproval: policy.allowSelfApproval,
    decisions: [],
    userCount: batch.summary?.total ?? batch.userCount,
    requestedIn: options.requestedIn,
    cards: [],
    preflight: await withOverrideReason(ctx, batch.id, options.preflight),
  });
  await audit(ctx, approval, actor, 'requested', at ? `at ${at}` : undefined);
  await voidSuperseded(ctx, before);
  await ctx.events.approvalChanged(approval, 'requested');
  return { ok: true, batch: updated, approval };
}

/** An admin's start despite a failed preflight: the approvers see the reason the admin gave. */
async function withOverrideReason(
  ctx: ServiceContext,
  batchId: string,
  preflight: Approval['preflight'],
): Promise<Approval['preflight']> {
  if (!preflight?.overriddenBy) return preflight;
  const reason = (await ctx.repos.preflight.read(batchId, batchId))?.override?.reason;
  return reason ? { ...preflight, overrideReason: reason } : preflight;
}

/** Expires what is due, reminds once half-way, and finishes approved actions a crash interrupted. */
export async function sweepApprovals(ctx: ServiceContext): Promise<void> {
  const now = ctx.now().getTime();
  // Read the pending set first: closing some while paging would shift an offset-based continuation.
  const pending = await readAll(ctx.repos.approvals, { where: { status: 'pending' } });
  for (const approval of pending) {
    const expires = Date.parse(approval.expiresAt);
    if (expires <= now) {
      await close(ctx, approval, 'expired', `Expired at ${approval.expiresAt} before enough approvals.`);
    } else if (!approval.reminded && now >= (Date.parse(approval.requestedAt) + expires) / 2) {
      const reminded = await replaceIfUnchanged(ctx.repos.approvals, { ...approval, reminded: true });
      if (reminded) await ctx.events.approvalChanged(reminded, 'reminder');
    }
  }
  const approved = await ctx.repos.approvals.query({
    where: { status: 'approved', intentId: null },
    pageSize: 100,
  });
  for (const approval of approved.items) await execute(ctx, approval);
}

/** Records where an approval card was posted, so decisions can update it in place. */
export async function attachApprovalCard(
  ctx: ServiceContext,
  approval: Approval,
  card: CardLocation,
): Promise<void> {
  await updateDocument(ctx.repos.approvals, { pk: approval.pk, id: approval.id }, (current) =>
    current.cards.some((c) => c.activityId === card.activityId)
      ? current
      : { ...current, cards: [...current.cards, card] },
  );
}

/** May this actor decide on this approval now? (For choosing the approver view of the card.) */
export function canDecide(approval: Approval, actor: Actor, now: Date): boolean {
  return (
    approval.status === 'pending' &&
    Date.parse(approval.expiresAt) > now.getTime() &&
    approval.approvers.includes(actor.id) &&
    (approval.allowSelfApproval || approval.requestedBy.id !== actor.id) &&
    !approval.decisions.some((d) => d.by.id === actor.id)
  );
}

/** Pending approvals the actor can still decide on. */
export async function pendingFor(ctx: ServiceContext, actor: Actor): Promise<Stored<Approval>[]> {
  const page = await ctx.repos.approvals.query({
    where: { status: 'pending' },
    orderBy: { field: 'requestedAt' },
    pageSize: 100,
  });
  return page.items.filter((a) => canDecide(a, actor, ctx.now()));
}

export function waitingOn(approval: Approval): number {
  return Math.max(0, approval.quorum - approval.decisions.filter((d) => d.decision === 'approved').length);
}
