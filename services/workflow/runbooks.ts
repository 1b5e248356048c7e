import { rolesOf } from '../config/tenants';
import type { Actor } from '../model/batch';
import { type RunbookDoc, type RunbookStepState, runbookDocId } from '../model/runbook';
import { runbookDefinition } from '../runbooks/definitions';
import { refuse as decline, upsertDocument } from '../store/update-document';
import {
  auditRunbook,
  busy,
  docKey,
  refuseStep,
  resolve,
  type RunbookContext,
  type RunbookRef,
  type RunbookResult,
  type RunbookView,
  stale,
  unknownRunbook,
  viewOf,
  withSteps,
} from './runbook-records';
import { failure } from '../model/result';

export {
  doneCount,
  type RunbookContext,
  type RunbookFailure,
  type RunbookRef,
  type RunbookResult,
  type RunbookState,
  type RunbookView,
  runbookState,
} from './runbook-records';
export {
  MAX_VERIFY_DETAIL,
  type StepVerifier,
  VERIFIED_NOTE,
  type VerifyStepInput,
  type VerifyStepResult,
  verifyStep,
} from './verify-step';

export interface CheckStepInput extends RunbookRef {
  stepId: string;
  /** true to mark the step done, false to reopen it. */
  done: boolean;
  /** The version the card showed; a different stored version refuses the change as stale. */
  version?: number;
}
/** A runbook with its check-offs in a tenant. Needs the viewer role there. */
export async function viewRunbook(
  ctx: RunbookContext,
  actor: Actor,
  ref: RunbookRef,
): Promise<RunbookResult> {
  const tenant = ctx.tenant(ref.tenantId);
  if (!tenant) return failure('tenant.missing', { tenantId: ref.tenantId });
  const definition = runbookDefinition(ref.runbookId);
  if (!definition) return unknownRunbook(ref.runbookId);
  const roles = rolesOf(ctx.tenants, tenant.id, actor.id);
  if (!roles.has('viewer')) {
    return failure('runbook.viewer_needed', { tenantId: tenant.id });
  }
  const doc = await ctx.repos.runbooks.read(tenant.id, runbookDocId(tenant.id, definition.id));
  return { ok: true, view: viewOf(ctx, actor, tenant.id, definition, doc) };
}
/**
 * Marks a step done or reopens it. Needs the operator role. A `version` other than the stored one
 * (0 when nothing was ever checked) refuses as stale and changes nothing; the write is a conditional
 * create or replace, and a lost race reads again and checks again. Audited as runbook.check or
 * runbook.uncheck; refusals are audited too.
 */
export async function checkStep(
  ctx: RunbookContext,
  actor: Actor,
  input: CheckStepInput,
): Promise<RunbookResult> {
  const action = input.done ? 'runbook.check' : 'runbook.uncheck';
  const target = await resolve(ctx, actor, input, action);
  if (!target.ok) return target;
  const { definition } = target;
  const result = await upsertDocument<RunbookDoc, { stale: boolean; view: RunbookView }>(
    ctx.repos.runbooks,
    docKey(input.tenantId, definition),
    (doc) => {
      const view = viewOf(ctx, actor, input.tenantId, definition, doc);
      if (input.version !== undefined && input.version !== view.state.version) {
        return decline({ stale: true, view });
      }
      const current = view.state.steps[input.stepId]!;
      if (current.done === input.done) return decline({ stale: false, view });
      const now = ctx.now().toISOString();
      const step: RunbookStepState = { done: input.done, by: actor, at: now };
      if (current.verified) step.verified = current.verified;
      return withSteps(input.tenantId, definition, doc, { [input.stepId]: step }, now);
    },
  );
  if (!result.ok && result.why === 'busy') return busy();
  if (!result.ok) {
    const { stale: isStale, view } = result.refusal;
    return isStale ? refuseStep(ctx, actor, input, action, stale(view), view) : { ok: true, view };
  }
  await auditRunbook(ctx, actor, input.tenantId, action, 'done', `${definition.id}/${input.stepId}`);
  return { ok: true, view: viewOf(ctx, actor, input.tenantId, definition, result.doc) };
}
