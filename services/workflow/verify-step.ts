import type { Actor } from '../model/batch';
import type { RunbookStepState, StepVerification } from '../model/runbook';
import type { StepCheck } from '../runbooks/definitions';
import { upsertDocument } from '../store/update-document';
import {
  auditRunbook,
  busy,
  docKey,
  readDoc,
  refuseStep,
  resolve,
  type RunbookContext,
  type RunbookFailure,
  type RunbookRef,
  type RunbookView,
  runbookState,
  stale,
  viewOf,
  withSteps,
} from './runbook-records';
import { failure } from '../model/result';

/** The note on a step that a successful verification marked done. */
export const VERIFIED_NOTE = 'verified by Cutover';
/** Verification details are shortened to this many characters before they are stored. */
export const MAX_VERIFY_DETAIL = 1_000;
export interface VerifyStepInput extends RunbookRef {
  stepId: string;
  /** The version the card showed; a different stored version refuses the check as stale. */
  version?: number;
}

/** Checks one thing against Exchange Online for a tenant. */
export type StepVerifier = (check: StepCheck, tenantId: string) => Promise<{ ok: boolean; detail: string }>;
export type VerifyStepResult =
  | { ok: true; view: RunbookView; verification: StepVerification }
  | RunbookFailure;
/**
 * Lets Cutover check a step against Exchange Online (only steps with `verify`). Needs the operator role;
 * a stale `version` refuses before anything is checked. The result is stored on the step whatever the
 * runbook's version by then; when it is good, the step is marked done by the actor, noted as verified by
 * Cutover. Audited as runbook.verify with outcome done or failed and the verifier's detail.
 */
export async function verifyStep(
  ctx: RunbookContext,
  actor: Actor,
  input: VerifyStepInput,
  verifier: StepVerifier,
): Promise<VerifyStepResult> {
  const action = 'runbook.verify';
  const target = await resolve(ctx, actor, input, action);
  if (!target.ok) return target;
  const { definition, step } = target;
  const check = step.verify;
  if (check === undefined) {
    const view = viewOf(
      ctx,
      actor,
      input.tenantId,
      definition,
      await readDoc(ctx, input.tenantId, definition),
    );
    return refuseStep(ctx, actor, input, action, failure('runbook.manual_step', { stepId: step.id }), view);
  }
  const before = await readDoc(ctx, input.tenantId, definition);
  const beforeView = viewOf(ctx, actor, input.tenantId, definition, before);
  if (input.version !== undefined && input.version !== beforeView.state.version) {
    return refuseStep(ctx, actor, input, action, stale(beforeView), beforeView);
  }

  const outcome = await runVerifier(ctx, verifier, check, input.tenantId);
  const verification: StepVerification = { ...outcome, at: ctx.now().toISOString() };
  const result = await upsertDocument(ctx.repos.runbooks, docKey(input.tenantId, definition), (doc) => {
    const current = runbookState(definition, doc).steps[step.id]!;
    const next: RunbookStepState = verification.ok
      ? { done: true, by: actor, at: verification.at, note: VERIFIED_NOTE, verified: verification }
      : { ...current, verified: verification };
    return withSteps(input.tenantId, definition, doc, { [step.id]: next }, verification.at);
  });
  if (!result.ok) return busy();
  await auditRunbook(
    ctx,
    actor,
    input.tenantId,
    action,
    verification.ok ? 'done' : 'failed',
    `${definition.id}/${step.id}: ${verification.detail}`,
  );
  return { ok: true, view: viewOf(ctx, actor, input.tenantId, definition, result.doc), verification };
}

async function runVerifier(
  ctx: RunbookContext,
  verifier: StepVerifier,
  check: StepCheck,
  tenantId: string,
): Promise<{ ok: boolean; detail: string }> {
  try {
    const result = await verifier(check, tenantId);
    return { ok: result.ok === true, detail: shorten(result.detail.trim() || (result.ok ? 'OK' : 'Failed')) };
  } catch (error) {
    ctx.log.warn({ err: error, tenantId, check }, 'runbook verification could not run');
    return { ok: false, detail: shorten(`The check could not run: ${(error as Error).message}`) };
  }
}

function shorten(text: string): string {
  return text.length <= MAX_VERIFY_DETAIL ? text : `${text.slice(0, MAX_VERIFY_DETAIL - 1)}…`;
}
