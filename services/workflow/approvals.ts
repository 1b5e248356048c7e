import { AlreadyExistsError, ConflictError } from '../errors';
import type { Approval, ApprovalAction, Decision } from '../model/approval';
import { approvalId } from '../model/approval';
import type { Actor, Batch, BatchAction, CardLocation } from '../model/batch';
import { type Intent, intentId } from '../model/intent';
import type { ServiceContext } from '../context';
import { hasAnyRole } from '../authorize';
import { approversOf } from '../config/tenants';
import { readAll, type Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { allows } from './batch-rules';
import { type Failure, type Result, fail } from './results';

const GATED: Partial<Record<BatchAction, ApprovalAction>> = {
  start: 'start',
  complete: 'cutover',
  remove: 'remove',
};

/** The approval a request needs under the tenant's policy, if any. Resuming and retrying are not gated. */
export function gateOf(ctx: ServiceContext, batch: Batch, action: BatchAction): ApprovalAction | undefined {
  const gated = GATED[action];
  if (!gated) return undefined;
  if (gated === 'start' && batch.state !== 'Created') return undefined;
  return ctx.tenant(batch.tenantId)?.approval.actions.includes(gated) ? gated : undefined;
}

export const INTENT_ACTION: Record<ApprovalAction, Exclude<BatchAction, 'create'>> = {
  start: 'start',
  cutover: 'complete',
  remove: 'remove',
};

/**
 * Records a request for approval instead of acting: the batch gets a new version (the one the
 * approval is bound to) and the approval document is created. Nothing is sent to the provider.
 */
export async function requestApproval(
  ctx: ServiceContext,
  actor: Actor,
  batch: Stored<Batch>,
  action: ApprovalAction,
  options: { at?: string; requestedIn?: string; preflight?: Approval['preflight'] } = {},
): Promise<Result<{ batch: Stored<Batch>; approval: Stored<Approval> }>> {
  const { at } = options;
  const tenant = ctx.tenant(batch.tenantId)!;
  const policy = tenant.approval;
  if (batch.awaiting?.action === action) {
    return fail('busy', `Batch ${batch.name} is already waiting for approval to ${words(action)}.`, {
      batch,
    });
  }
  const now = ctx.now();
  const version = batch.version + 1;
  const id = approvalId(batch.id, version, action);
  let updated: Stored<Batch>;
  try {
    updated = await ctx.repos.batches.replace({
      ...batch,
      version,
      awaiting: { action, approvalId: id, at },
      lastError: undefined,
      updatedAt: now.toISOString(),
    });
  } catch (error) {
    if (error instanceof ConflictError) {
      return fail('stale', `Batch ${batch.name} changed at the same moment; here is its current state.`, {
        batch,
      });
    }
    throw error;
  }
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
  await voidSuperseded(ctx, batch);
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

export interface DecisionInput {
  approvalId: string;
  batchId: string;
  decision: 'approved' | 'rejected';
  reason?: string;
}

/**
 * One approver's decision. Every check refuses without changing anything; the decision itself is a
 * conditional replace, so double clicks, retries and other instances record it once. The final
 * approval records the action's intent; the provider is called by the intent runner.
 */
export async function decide(
  ctx: ServiceContext,
  actor: Actor,
  input: DecisionInput,
): Promise<Result<{ approval: Stored<Approval> }> & { approval?: Stored<Approval> }> {
  const reason = input.reason?.trim() || undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const approval = await ctx.repos.approvals.read(input.batchId, input.approvalId);
    if (!approval) return fail('not_found', 'That approval no longer exists.');
    const refusal = await check(ctx, actor, approval, input.decision, reason);
    if (refusal === 'again') continue;
    if (refusal) {
      // Someone with no role in the tenant is not written into its audit trail (the bot logs the refusal).
      if (hasAnyRole(ctx.tenants, actor, approval.tenantId)) {
        await audit(ctx, approval, actor, 'refused', refusal.message);
      }
      return { ...refusal, approval: (await ctx.repos.approvals.read(approval.pk, approval.id)) ?? approval };
    }
    const now = ctx.now().toISOString();
    const decisions: Decision[] = [
      ...approval.decisions,
      { by: actor, decision: input.decision, at: now, reason },
    ];
    const approvals = decisions.filter((d) => d.decision === 'approved').length;
    const status =
      input.decision === 'rejected' ? 'rejected' : approvals >= approval.quorum ? 'approved' : 'pending';
    let stored: Stored<Approval>;
    try {
      stored = await ctx.repos.approvals.replace({
        ...approval,
        decisions,
        status,
        outcome:
          status === 'rejected' ? `Rejected by ${actor.name ?? actor.id}: ${reason}` : approval.outcome,
      });
    } catch (error) {
      if (error instanceof ConflictError) continue; // someone decided at the same moment: look again
      throw error;
    }
    await audit(ctx, stored, actor, input.decision, reason);
    if (status === 'approved') stored = await execute(ctx, stored);
    if (status === 'rejected') await clearAwaiting(ctx, stored);
    await ctx.events.approvalChanged(stored, status === 'pending' ? 'decided' : 'closed');
    return { ok: true, approval: stored };
  }
  return fail('busy', 'Too many people are deciding at once; try again.');
}

async function check(
  ctx: ServiceContext,
  actor: Actor,
  approval: Stored<Approval>,
  decision: 'approved' | 'rejected',
  reason: string | undefined,
): Promise<Failure | 'again' | undefined> {
  if (approval.status !== 'pending') {
    return fail('state', `This approval is already ${approval.status}.`);
  }
  if (Date.parse(approval.expiresAt) <= ctx.now().getTime()) {
    const closed = await close(
      ctx,
      approval,
      'expired',
      `Expired at ${approval.expiresAt} before enough approvals.`,
    );
    if (closed.status !== 'expired') return 'again'; // decided meanwhile: look again
    return fail('state', 'This approval has expired; ask for it again.');
  }
  if (!approval.approvers.includes(actor.id)) {
    return fail('forbidden', 'You are not an approver for this tenant.');
  }
  if (approval.requestedBy.id === actor.id && !approval.allowSelfApproval) {
    return fail('forbidden', 'You asked for this, so someone else has to approve it.');
  }
  if (approval.decisions.some((d) => d.by.id === actor.id)) {
    return fail('state', 'You have already decided on this approval.');
  }
  if (decision === 'rejected' && !reason) {
    return fail('invalid', 'Give a reason to reject.');
  }
  const batch = await ctx.repos.batches.read(approval.tenantId, approval.batchId);
  if (!batch || batch.version !== approval.batchVersion) {
    const why = batch
      ? `Batch ${batch.name} changed after the request (version ${approval.batchVersion} → ${batch.version}); ask again.`
      : 'The batch no longer exists.';
    // The batch may have moved on because this very approval was just carried out by someone else:
    // closing fails then, and a fresh look finds the approval decided.
    const closed = await close(ctx, approval, 'void', why);
    if (closed.status !== 'void') return 'again';
    return fail('stale', why);
  }
  return undefined;
}

/**
 * Runs the approved action: the batch moves to the next version with the action pending, and the
 * intent is recorded. Safe to repeat after a crash: the intent id is fixed by the approved version.
 */
export async function execute(ctx: ServiceContext, approval: Stored<Approval>): Promise<Stored<Approval>> {
  const action = INTENT_ACTION[approval.action];
  const id = intentId(approval.batchId, action, approval.batchVersion);
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = await ctx.repos.batches.read(approval.tenantId, approval.batchId);
    if (!batch) return close(ctx, approval, 'void', 'The batch no longer exists.');
    if (batch.pending?.intentId !== id) {
      const scheduled = approval.action === 'cutover' && approval.at !== undefined;
      const ready =
        batch.version === approval.batchVersion &&
        allows({ ...batch, pending: undefined }, action, scheduled);
      if (!ready) {
        return close(
          ctx,
          approval,
          'void',
          `Batch ${batch.name} changed before the approved action could run; ask again.`,
        );
      }
      try {
        await ctx.repos.batches.replace({
          ...batch,
          version: batch.version + 1,
          awaiting: undefined,
          pending: { action, intentId: id, requestedAt: ctx.now().toISOString(), at: approval.at },
        });
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
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
  return approval;
}

async function markExecuted(
  ctx: ServiceContext,
  approval: Stored<Approval>,
  id: string,
): Promise<Stored<Approval>> {
  let current: Stored<Approval> | null = approval;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    if (current.intentId === id) return current;
    try {
      return await ctx.repos.approvals.replace({ ...current, intentId: id });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      current = await ctx.repos.approvals.read(approval.pk, approval.id);
    }
  }
  return current ?? approval;
}

/** Ends a pending approval as expired or void; the batch stops waiting for it. */
export async function close(
  ctx: ServiceContext,
  approval: Stored<Approval>,
  status: 'expired' | 'void',
  outcome: string,
): Promise<Stored<Approval>> {
  let stored: Stored<Approval>;
  try {
    stored = await ctx.repos.approvals.replace({ ...approval, status, outcome });
  } catch (error) {
    if (error instanceof ConflictError)
      return (await ctx.repos.approvals.read(approval.pk, approval.id)) ?? approval;
    throw error;
  }
  await audit(ctx, stored, { id: 'cutover', name: 'Cutover' }, status, outcome);
  await clearAwaiting(ctx, stored);
  await ctx.events.approvalChanged(stored, 'closed');
  return stored;
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

async function clearAwaiting(ctx: ServiceContext, approval: Approval): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = await ctx.repos.batches.read(approval.tenantId, approval.batchId);
    if (!batch || batch.awaiting?.approvalId !== approval.id) return;
    try {
      const next = await ctx.repos.batches.replace({ ...batch, awaiting: undefined });
      await ctx.events.batchChanged(next);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
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
      try {
        const reminded = await ctx.repos.approvals.replace({ ...approval, reminded: true });
        await ctx.events.approvalChanged(reminded, 'reminder');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
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
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await ctx.repos.approvals.read(approval.pk, approval.id);
    if (!current || current.cards.some((c) => c.activityId === card.activityId)) return;
    try {
      await ctx.repos.approvals.replace({ ...current, cards: [...current.cards, card] });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
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

function words(action: ApprovalAction): string {
  return action === 'cutover' ? 'cut it over' : `${action} it`;
}

async function audit(
  ctx: ServiceContext,
  approval: Approval,
  actor: Actor,
  outcome: 'requested' | 'approved' | 'rejected' | 'refused' | 'expired' | 'void',
  detail?: string,
): Promise<void> {
  await appendAudit(ctx.repos, {
    tenantId: approval.tenantId,
    batchId: approval.batchId,
    batchVersion: approval.batchVersion,
    at: ctx.now().toISOString(),
    actor,
    action: `approval:${approval.action}`,
    outcome,
    detail,
  });
}
