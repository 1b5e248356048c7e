import { rolesOf } from '../config/tenants';
import type { ServiceContext } from '../context';
import type { Actor, Batch } from '../model/batch';
import { type Failure, failure } from '../model/result';
import { runbookDocId } from '../model/runbook';
import type { Scenario } from '../model/statuses';
import { type RunbookId, runbookDefinition } from '../runbooks/definitions';
import { appendAudit } from '../store/repositories';

/** The shortest reason an admin may give to run the full pass before its runbook steps are done. */
export const MIN_OVERRIDE_REASON = 10;

/**
 * The runbook steps the full (delta) pass waits for: it moves what arrived since the pre-stage, so mail
 * must already land in the new mailboxes (the MX switch; for a hosted move also Autodiscover and
 * forwarding without a kept copy, which the delta pass would otherwise pick up again).
 */
const BEFORE_FULL_PASS: Partial<Record<Scenario, { runbookId: RunbookId; steps: readonly string[] }>> = {
  'third-party': { runbookId: 'tenant-to-tenant', steps: ['switch-mx'] },
  hosted: { runbookId: 'hosted', steps: ['mx-and-autodiscover', 'forwarding'] },
};

/** The first sentence of a step's text: what the refusal names. */
function stepWords(text: string): string {
  const end = text.indexOf('. ');
  return end === -1 ? text.replace(/\.$/, '') : text.slice(0, end);
}

/**
 * Whether the full pass may run: the runbook steps before it are checked off, or an admin overrides
 * with a reason (audited as `pass.override`; a refused override is audited too). Returns the failure to
 * answer with, or undefined to go on.
 */
export async function fullPassGate(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  override: string | undefined,
): Promise<Failure | undefined> {
  const needed = BEFORE_FULL_PASS[batch.scenario];
  const definition = needed && runbookDefinition(needed.runbookId);
  if (!needed || !definition) return undefined;
  const doc = await ctx.repos.runbooks.read(batch.tenantId, runbookDocId(batch.tenantId, needed.runbookId));
  const open = needed.steps.filter((id) => doc?.steps[id]?.done !== true);
  if (open.length === 0) return undefined;
  const steps = open.map((id) => stepWords(definition.steps.find((s) => s.id === id)?.text ?? id));
  const audit = (outcome: 'done' | 'refused', detail: string) =>
    appendAudit(ctx.repos, {
      tenantId: batch.tenantId,
      batchId: batch.id,
      batchVersion: batch.version,
      at: ctx.now().toISOString(),
      actor,
      action: 'pass.override',
      outcome,
      detail,
    });
  if (override === undefined) {
    return failure(
      'pass.runbook_open',
      { name: batch.name, runbookTitle: definition.title, steps },
      { batch },
    );
  }
  if (!rolesOf(ctx.tenants, batch.tenantId, actor.id).has('admin')) {
    await audit('refused', `not an admin: ${override}`);
    return failure('override.admin_only', { tenantId: batch.tenantId }, { batch });
  }
  if (override.trim().length < MIN_OVERRIDE_REASON) {
    return failure('override.reason_short', { min: MIN_OVERRIDE_REASON }, { batch });
  }
  await audit('done', `full pass before ${open.join(', ')} checked off: ${override.trim()}`);
  return undefined;
}
