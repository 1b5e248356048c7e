import { AlreadyExistsError } from '../errors';
import type { Approval } from '../model/approval';
import {
  type Actor,
  type Batch,
  type BatchAction,
  capabilitiesOf,
  isPassAction,
  PASS_OF_ACTION,
  type PassAction,
} from '../model/batch';
import { type Intent, intentId } from '../model/intent';
import type { ServiceContext } from '../context';
import { authorize } from '../authorize';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { refuse, updateDocument } from '../store/update-document';
import { allows } from './batch-rules';
import { gateOf, requestApproval, voidSuperseded } from './approvals';
import { parseUtc } from './create-batch';
import { findBatch } from './find-batch';
import { fullPassGate } from './pass-gate';
import type { PreflightReport } from '../model/preflight';
import { startGate } from '../preflight/start-gate';
import { type Failure, type Result, failure } from '../model/result';

export interface ActionRequest {
  batchId?: string;
  name?: string;
  tenantId?: string;
  /** The version the card showed; a mismatch means the card is stale. */
  version?: number;
  /** For complete: 'now' (default) or an ISO-8601 time. */
  at?: string;
  /** Where the request came from (an approval card goes there too). */
  conversationKey?: string;
  /**
   * An admin's reason to start despite a failed preflight, or to run the full pass before the runbook
   * steps it waits for are checked off.
   */
  override?: string;
  /** For a pre-stage: move mail older than this many days (the tenant's default otherwise). */
  olderThanDays?: number;
}

/**
 * Whether this action is the batch's first move of data, which a passing preflight (or an admin's
 * override) must precede: Start of a new batch, or on a pass-based engine the first pre-stage or full pass.
 */
function opensBatch(batch: Batch, action: Exclude<BatchAction, 'create'>): boolean {
  if (batch.state !== 'Created') return false;
  if (!capabilitiesOf(batch).passes) return action === 'start';
  const moved = batch.passes?.done.some((type) => type !== 'verify') === true;
  return (action === 'prestage' || action === 'pass') && !moved;
}

/**
 * Accepts start / stop / retry / complete / remove on a batch: checks role,
 * version and state, bumps the version and records the intent. The provider
 * call happens in the intent runner, so the caller can answer at once.
 * An action the tenant's policy gates records an approval request instead.
 */
export async function requestAction(
  ctx: ServiceContext,
  actor: Actor,
  action: Exclude<BatchAction, 'create'>,
  request: ActionRequest,
): Promise<
  Result<{
    batch: Stored<Batch>;
    intent?: Intent;
    approval?: Stored<Approval>;
    /** Set when the start waits for a preflight that is still running. */
    preflight?: Stored<PreflightReport>;
  }>
> {
  const found = await findBatch(ctx, request);
  if (!found.ok) return found;
  const batch = found.batch;
  if (!authorize(ctx.tenants, actor, batch.tenantId, 'operator')) {
    return failure('action.forbidden', { tenantId: batch.tenantId, action }, { batch });
  }
  if (request.version !== undefined && request.version !== batch.version) {
    return failure('batch.stale', { name: batch.name }, { batch });
  }
  let at: string | undefined;
  if (action === 'complete' && request.at && request.at !== 'now') {
    const parsed = parseUtc(request.at);
    if (!parsed) return failure('time.invalid', { text: request.at }, { batch });
    if (parsed.getTime() <= ctx.now().getTime()) return failure('cutover.past', {}, { batch });
    at = parsed.toISOString();
  }
  const refusal = stateRefusal(batch, action, at);
  if (refusal) return refusal;
  const days = request.olderThanDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    return failure('prestage.days_invalid', { text: String(days) }, { batch });
  }

  if (action === 'pass') {
    const blocked = await fullPassGate(ctx, actor, batch, request.override);
    if (blocked) return blocked;
  }
  let preflight: Approval['preflight'];
  if (opensBatch(batch, action)) {
    const checked = await startGate(ctx, actor, batch, {
      override: request.override,
      conversationKey: request.conversationKey,
      continueStart: async () => {
        const later = await requestAction(ctx, actor, action, {
          ...request,
          batchId: batch.id,
          version: undefined,
        });
        if (!later.ok)
          ctx.log.info(
            { batchId: batch.id, reason: later.reason, code: later.code },
            'start after preflight refused',
          );
      },
    });
    if (!checked.ok) return checked;
    if (!checked.open) return { ok: true, batch, preflight: checked.report };
    preflight = checked.summary;
  }

  const gate = gateOf(ctx, batch, action);
  if (gate) {
    return requestApproval(ctx, actor, batch, gate, {
      at,
      requestedIn: request.conversationKey,
      preflight,
      recheck: (current) => stateRefusal(current, action, at),
    });
  }

  const now = ctx.now().toISOString();
  const intent: Intent = {
    id: intentId(batch.id, action, batch.version),
    pk: batch.id,
    type: 'intent',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    action,
    status: 'pending',
    at,
    pass: isPassAction(action) ? passOf(action, request.olderThanDays) : undefined,
    requestedBy: actor,
    requestedAt: now,
    attempts: 0,
    updatedAt: now,
  };
  // The conditional replace is the gate: of two concurrent requests, one wins. A status sync that wrote
  // the batch meanwhile (same version) is no one acting, so the request looks again.
  let before: Stored<Batch> = batch;
  const written = await updateDocument<Batch, Failure>(
    ctx.repos.batches,
    { pk: batch.tenantId, id: batch.id },
    (current) => {
      before = current;
      if (current.version !== batch.version) {
        return refuse(failure('batch.raced', { name: batch.name }, { batch: current }));
      }
      const refusal = stateRefusal(current, action, at);
      if (refusal) return refuse(refusal);
      return {
        ...current,
        version: current.version + 1,
        pending: { action, intentId: intent.id, requestedAt: now, at },
        awaiting: undefined,
        lastError: undefined,
        updatedAt: now,
      };
    },
  );
  if (!written.ok) {
    if (written.why === 'refused') return written.refusal;
    if (written.why === 'missing') return failure('batch.missing', { name: batch.name });
    return failure('batch.raced', { name: batch.name }, { batch });
  }
  const updated = written.doc;
  try {
    await ctx.repos.intents.create(intent);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  await voidSuperseded(ctx, before);
  await appendAudit(ctx.repos, {
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchVersion: batch.version,
    at: now,
    actor,
    action,
    outcome: 'requested',
    detail: at
      ? `at ${at}`
      : intent.pass?.olderThanDays
        ? `mail older than ${intent.pass.olderThanDays} days`
        : undefined,
  });
  ctx.kick();
  return { ok: true, batch: updated, intent };
}

/** The pass a pass action submits; a pre-stage's cut-off when one was given (else the engine's default). */
function passOf(action: PassAction, olderThanDays: number | undefined): NonNullable<Intent['pass']> {
  if (action !== 'prestage' || olderThanDays === undefined) return { type: PASS_OF_ACTION[action] };
  return { type: 'prestage', olderThanDays };
}

/** What the batch's state says against the action: one in progress, or a state that does not allow it. */
function stateRefusal(
  batch: Batch,
  action: Exclude<BatchAction, 'create'>,
  at: string | undefined,
): Failure | undefined {
  if (batch.pending) {
    return failure('action.in_progress', { name: batch.name, pending: batch.pending.action }, { batch });
  }
  if (!allows(batch, action, at !== undefined)) {
    const noFailedUsers = action === 'retry' && batch.state !== 'Syncing';
    return failure(
      'action.state',
      { name: batch.name, state: batch.state, action, noFailedUsers },
      { batch },
    );
  }
  return undefined;
}
