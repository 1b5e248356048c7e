import type { ServiceContext } from '../context';
import { hasAnyRole } from '../authorize';
import { rolesOf } from '../config/tenants';
import type { Actor } from '../model/batch';
import { type RunbookDoc, type RunbookStepState, runbookDocId } from '../model/runbook';
import {
  RUNBOOK_IDS,
  type RunbookDefinition,
  type RunbookStep,
  runbookDefinition,
  runbookStep,
} from '../runbooks/definitions';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { type Failure, failure } from '../model/result';

/** The stored check-offs of a runbook in a tenant, what a card shows of them, and the audit of changes. */

/** Ids from card data are cut to this length in audit details. */
const MAX_ID = 100;
/** What the runbook functions use of the service context. */
export type RunbookContext = Pick<ServiceContext, 'repos' | 'tenants' | 'tenant' | 'now' | 'log'>;

export interface RunbookRef {
  tenantId: string;
  runbookId: string;
}
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
export type RunbookResult =
  | { ok: true; view: RunbookView }
  | RunbookFailure; /** The state of a runbook from its stored document (or none): every step present, missing ones open. */
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

export function busy(): Failure {
  return failure('runbook.busy', {});
}

export type Resolved = { ok: true; definition: RunbookDefinition; step: RunbookStep } | RunbookFailure;

/** Tenant, runbook, operator role and step; every refusal after the tenant is known is audited. */
export async function resolve(
  ctx: RunbookContext,
  actor: Actor,
  input: RunbookRef & { stepId: string },
  action: string,
): Promise<Resolved> {
  const tenant = ctx.tenant(input.tenantId);
  if (!tenant) return failure('tenant.missing', { tenantId: input.tenantId });
  const definition = runbookDefinition(input.runbookId);
  if (!definition) {
    return refuseStep(ctx, actor, input, action, unknownRunbook(input.runbookId));
  }
  const roles = rolesOf(ctx.tenants, tenant.id, actor.id);
  if (!roles.has('operator')) {
    const view = roles.has('viewer')
      ? viewOf(ctx, actor, tenant.id, definition, await readDoc(ctx, tenant.id, definition))
      : undefined;
    return refuseStep(
      ctx,
      actor,
      input,
      action,
      failure('runbook.operator_needed', { tenantId: tenant.id }),
      view,
    );
  }
  const step = runbookStep(definition, input.stepId);
  if (!step) {
    const view = viewOf(ctx, actor, tenant.id, definition, await readDoc(ctx, tenant.id, definition));
    return refuseStep(
      ctx,
      actor,
      input,
      action,
      failure('runbook.no_step', { title: definition.title, stepId: input.stepId }),
      view,
    );
  }
  return { ok: true, definition, step };
}

export function readDoc(
  ctx: RunbookContext,
  tenantId: string,
  definition: RunbookDefinition,
): Promise<Stored<RunbookDoc> | null> {
  return ctx.repos.runbooks.read(tenantId, runbookDocId(tenantId, definition.id));
}

export function docKey(tenantId: string, definition: RunbookDefinition) {
  return { pk: tenantId, id: runbookDocId(tenantId, definition.id) };
}

/** The document (a new one when there is none yet) with the given steps changed and the version bumped. */
export function withSteps(
  tenantId: string,
  definition: RunbookDefinition,
  doc: Stored<RunbookDoc> | null,
  changes: Record<string, RunbookStepState>,
  now: string,
): RunbookDoc {
  if (!doc) {
    return {
      id: runbookDocId(tenantId, definition.id),
      pk: tenantId,
      type: 'runbook',
      tenantId,
      runbookId: definition.id,
      version: 1,
      steps: changes,
      updatedAt: now,
    };
  }
  return { ...doc, version: doc.version + 1, steps: { ...doc.steps, ...changes }, updatedAt: now };
}

export function viewOf(
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

export function stale(view: RunbookView): Failure {
  return failure('runbook.stale', { title: view.definition.title });
}

export function unknownRunbook(runbookId: string): Failure {
  return failure('runbook.unknown', { runbookId, known: RUNBOOK_IDS });
}

export async function refuseStep(
  ctx: RunbookContext,
  actor: Actor,
  input: RunbookRef & { stepId: string },
  action: string,
  refusal: Failure,
  view?: RunbookView,
): Promise<RunbookFailure> {
  const where = `${input.runbookId.slice(0, MAX_ID)}/${input.stepId.slice(0, MAX_ID)}`;
  // Someone with no role in the tenant is not written into its audit trail (the bot logs the refusal).
  if (hasAnyRole(ctx.tenants, actor, input.tenantId)) {
    await auditRunbook(ctx, actor, input.tenantId, action, 'refused', where, refusal);
  }
  return view ? { ...refusal, view } : refusal;
}

export async function auditRunbook(
  ctx: RunbookContext,
  actor: Actor,
  tenantId: string,
  action: string,
  outcome: 'done' | 'failed' | 'refused',
  detail: string,
  /** The refusal, kept as its code and data. */
  refusal?: Failure,
): Promise<void> {
  await appendAudit(ctx.repos, {
    tenantId,
    at: ctx.now().toISOString(),
    actor,
    action,
    outcome,
    detail,
    refusal: refusal ? { code: refusal.code, data: refusal.data } : undefined,
  });
}
