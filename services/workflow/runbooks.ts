import type { ServiceContext } from '../context';
import { hasAnyRole } from '../authorize';
import { rolesOf } from '../config/tenants';
import { AlreadyExistsError, ConflictError } from '../errors';
import type { Actor } from '../model/batch';
import {
  type RunbookDoc,
  type RunbookStepState,
  type StepVerification,
  runbookDocId,
} from '../model/runbook';
import {
  RUNBOOK_IDS,
  type RunbookDefinition,
  type RunbookStep,
  type StepCheck,
  runbookDefinition,
  runbookStep,
} from '../runbooks/definitions';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { type Failure, fail } from './results';

/** The note on a step that a successful verification marked done. */
export const VERIFIED_NOTE = 'verified by Cutover';
/** Verification details are shortened to this many characters before they are stored. */
export const MAX_VERIFY_DETAIL = 1_000;
const MAX_ATTEMPTS = 8;
/** Ids from card data are cut to this length in audit details. */
const MAX_ID = 100;

/** What the runbook functions use of the service context. */
export type RunbookContext = Pick<ServiceContext, 'repos' | 'tenants' | 'tenant' | 'now' | 'log'>;

export interface RunbookRef {
  tenantId: string;
  runbookId: string;
}

export interface CheckStepInput extends RunbookRef {
  stepId: string;
  /** true to mark the step done, false to reopen it. */
  done: boolean;
  /** The version the card showed; a different stored version refuses the change as stale. */
  version?: number;
}

export interface VerifyStepInput extends RunbookRef {
  stepId: string;
  /** The version the card showed; a different stored version refuses the check as stale. */
  version?: number;
}

/** Checks one thing against Exchange Online for a tenant. */
export type StepVerifier = (check: StepCheck, tenantId: string) => Promise<{ ok: boolean; detail: string }>;

/** The stored check-offs with every step of the definition present (a step never touched is open). */
export interface RunbookState {
  /** 0 while nothing was ever checked. */
  version: number;
  steps: Record<string, RunbookStepState>;
  /** ISO-8601; absent while nothing was ever checked. */
  updatedAt?: string;
}

export interface RunbookView {
  tenantId: string;
  tenantName: string;
  definition: RunbookDefinition;
  state: RunbookState;
  /** Whether the viewer may check, reopen and verify steps (the operator role). */
  canOperate: boolean;
}

/** A refusal; `view` is the current runbook when the actor may see it (a stale card gets it back). */
export type RunbookFailure = Failure & { view?: RunbookView };
export type RunbookResult = { ok: true; view: RunbookView } | RunbookFailure;
export type VerifyStepResult =
  | { ok: true; view: RunbookView; verification: StepVerification }
  | RunbookFailure;

/** The state of a runbook from its stored document (or none): every step present, missing ones open. */
export function runbookState(
  definition: RunbookDefinition,
  doc: RunbookDoc | null | undefined,
): RunbookState {
  const steps: Record<string, RunbookStepState> = {};
  for (const step of definition.steps) steps[step.id] = doc?.steps[step.id] ?? { done: false };
  return { version: doc?.version ?? 0, steps, updatedAt: doc?.updatedAt };
}

/** How many steps of the runbook are done. */
export function doneCount(view: Pick<RunbookView, 'definition' | 'state'>): number {
  return view.definition.steps.filter((step) => view.state.steps[step.id]?.done === true).length;
}

/** A runbook with its check-offs in a tenant. Needs the viewer role there. */
export async function viewRunbook(
  ctx: RunbookContext,
  actor: Actor,
  ref: RunbookRef,
): Promise<RunbookResult> {
  const tenant = ctx.tenant(ref.tenantId);
  if (!tenant) return fail('not_found', `There is no tenant ${ref.tenantId}.`);
  const definition = runbookDefinition(ref.runbookId);
  if (!definition) return fail('not_found', unknownRunbook(ref.runbookId));
  const roles = rolesOf(ctx.tenants, tenant.id, actor.id);
  if (!roles.has('viewer')) {
    return fail('forbidden', `You need the viewer role in ${tenant.id} to see its runbooks.`);
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
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await readDoc(ctx, input.tenantId, definition);
    const view = viewOf(ctx, actor, input.tenantId, definition, doc);
    if (input.version !== undefined && input.version !== view.state.version) {
      return refuse(ctx, actor, input, action, stale(view), view);
    }
    const current = view.state.steps[input.stepId]!;
    if (current.done === input.done) return { ok: true, view };
    const now = ctx.now().toISOString();
    const step: RunbookStepState = { done: input.done, by: actor, at: now };
    if (current.verified) step.verified = current.verified;
    const written = await write(ctx, input.tenantId, definition, doc, { [input.stepId]: step }, now);
    if (!written) continue;
    await audit(ctx, actor, input.tenantId, action, 'done', `${definition.id}/${input.stepId}`);
    return { ok: true, view: viewOf(ctx, actor, input.tenantId, definition, written) };
  }
  return fail('busy', 'Too many people are changing this runbook at once; try again.');
}

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
    return refuse(
      ctx,
      actor,
      input,
      action,
      fail('invalid', `Cutover cannot check "${step.id}" for itself; mark it done by hand once it is done.`),
      view,
    );
  }
  const before = await readDoc(ctx, input.tenantId, definition);
  const beforeView = viewOf(ctx, actor, input.tenantId, definition, before);
  if (input.version !== undefined && input.version !== beforeView.state.version) {
    return refuse(ctx, actor, input, action, stale(beforeView), beforeView);
  }

  const outcome = await runVerifier(ctx, verifier, check, input.tenantId);
  const verification: StepVerification = { ...outcome, at: ctx.now().toISOString() };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = attempt === 0 ? before : await readDoc(ctx, input.tenantId, definition);
    const current = runbookState(definition, doc).steps[step.id]!;
    const next: RunbookStepState = verification.ok
      ? { done: true, by: actor, at: verification.at, note: VERIFIED_NOTE, verified: verification }
      : { ...current, verified: verification };
    const written = await write(ctx, input.tenantId, definition, doc, { [step.id]: next }, verification.at);
    if (!written) continue;
    await audit(
      ctx,
      actor,
      input.tenantId,
      action,
      verification.ok ? 'done' : 'failed',
      `${definition.id}/${step.id}: ${verification.detail}`,
    );
    return { ok: true, view: viewOf(ctx, actor, input.tenantId, definition, written), verification };
  }
  return fail('busy', 'Too many people are changing this runbook at once; try again.');
}

type Resolved = { ok: true; definition: RunbookDefinition; step: RunbookStep } | RunbookFailure;

/** Tenant, runbook, operator role and step; every refusal after the tenant is known is audited. */
async function resolve(
  ctx: RunbookContext,
  actor: Actor,
  input: RunbookRef & { stepId: string },
  action: string,
): Promise<Resolved> {
  const tenant = ctx.tenant(input.tenantId);
  if (!tenant) return fail('not_found', `There is no tenant ${input.tenantId}.`);
  const definition = runbookDefinition(input.runbookId);
  if (!definition) {
    return refuse(ctx, actor, input, action, fail('not_found', unknownRunbook(input.runbookId)));
  }
  const roles = rolesOf(ctx.tenants, tenant.id, actor.id);
  if (!roles.has('operator')) {
    const view = roles.has('viewer')
      ? viewOf(ctx, actor, tenant.id, definition, await readDoc(ctx, tenant.id, definition))
      : undefined;
    return refuse(
      ctx,
      actor,
      input,
      action,
      fail('forbidden', `You need the operator role in ${tenant.id} to change its runbooks.`),
      view,
    );
  }
  const step = runbookStep(definition, input.stepId);
  if (!step) {
    const view = viewOf(ctx, actor, tenant.id, definition, await readDoc(ctx, tenant.id, definition));
    return refuse(
      ctx,
      actor,
      input,
      action,
      fail('not_found', `The runbook "${definition.title}" has no step "${input.stepId}".`),
      view,
    );
  }
  return { ok: true, definition, step };
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

function readDoc(
  ctx: RunbookContext,
  tenantId: string,
  definition: RunbookDefinition,
): Promise<Stored<RunbookDoc> | null> {
  return ctx.repos.runbooks.read(tenantId, runbookDocId(tenantId, definition.id));
}

/**
 * Creates the document or replaces it on the ETag that was read, with the given steps changed and the
 * version bumped. Returns null when someone else wrote first (the caller reads again).
 */
async function write(
  ctx: RunbookContext,
  tenantId: string,
  definition: RunbookDefinition,
  doc: Stored<RunbookDoc> | null,
  changes: Record<string, RunbookStepState>,
  now: string,
): Promise<Stored<RunbookDoc> | null> {
  try {
    if (!doc) {
      return await ctx.repos.runbooks.create({
        id: runbookDocId(tenantId, definition.id),
        pk: tenantId,
        type: 'runbook',
        tenantId,
        runbookId: definition.id,
        version: 1,
        steps: changes,
        updatedAt: now,
      });
    }
    return await ctx.repos.runbooks.replace({
      ...doc,
      version: doc.version + 1,
      steps: { ...doc.steps, ...changes },
      updatedAt: now,
    });
  } catch (error) {
    if (error instanceof ConflictError || error instanceof AlreadyExistsError) return null;
    throw error;
  }
}

function viewOf(
  ctx: RunbookContext,
  actor: Actor,
  tenantId: string,
  definition: RunbookDefinition,
  doc: RunbookDoc | null,
): RunbookView {
  return {
    tenantId,
    tenantName: ctx.tenant(tenantId)?.displayName ?? tenantId,
    definition,
    state: runbookState(definition, doc),
    canOperate: rolesOf(ctx.tenants, tenantId, actor.id).has('operator'),
  };
}

function stale(view: RunbookView): Failure {
  return fail(
    'stale',
    `The runbook "${view.definition.title}" changed since this card was shown; here is its current state.`,
  );
}

function unknownRunbook(runbookId: string): string {
  return `There is no runbook "${runbookId}". Runbooks: ${RUNBOOK_IDS.join(', ')}.`;
}

function shorten(text: string): string {
  return text.length <= MAX_VERIFY_DETAIL ? text : `${text.slice(0, MAX_VERIFY_DETAIL - 1)}…`;
}

async function refuse(
  ctx: RunbookContext,
  actor: Actor,
  input: RunbookRef & { stepId: string },
  action: string,
  failure: Failure,
  view?: RunbookView,
): Promise<RunbookFailure> {
  const where = `${input.runbookId.slice(0, MAX_ID)}/${input.stepId.slice(0, MAX_ID)}`;
  // Someone with no role in the tenant is not written into its audit trail (the bot logs the refusal).
  if (hasAnyRole(ctx.tenants, actor, input.tenantId)) {
    await audit(ctx, actor, input.tenantId, action, 'refused', `${where}: ${failure.message}`);
  }
  return view ? { ...failure, view } : failure;
}

async function audit(
  ctx: RunbookContext,
  actor: Actor,
  tenantId: string,
  action: string,
  outcome: 'done' | 'failed' | 'refused',
  detail: string,
): Promise<void> {
  await appendAudit(ctx.repos, { tenantId, at: ctx.now().toISOString(), actor, action, outcome, detail });
}
