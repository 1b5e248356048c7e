import type { ServiceContext } from '../context';
import type { Actor, Batch } from '../model/batch';
import { type Failure, failure } from '../model/result';
import { runbookDocId } from '../model/runbook';
import { FULL_PASS_WAITS_FOR, runbookDefinition, stepSummary } from '../runbooks/definitions';
import { auditOverride, overrideRefusal } from '../preflight/override';

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
  const needed = FULL_PASS_WAITS_FOR[batch.scenario];
  const definition = needed && runbookDefinition(needed.runbookId);
  if (!needed || !definition) return undefined;
  const doc = await ctx.repos.runbooks.read(batch.tenantId, runbookDocId(batch.tenantId, needed.runbookId));
  const open = needed.steps.filter((id) => doc?.steps[id]?.done !== true);
  if (open.length === 0) return undefined;
  const steps = open.map((id) => stepSummary(needed.runbookId, id));
  if (override === undefined) {
    return failure(
      'pass.runbook_open',
      { name: batch.name, runbookTitle: definition.title, steps },
      { batch },
    );
  }
  const refused = await overrideRefusal(ctx, actor, batch, override, 'pass.override');
  if (refused) return refused;
  await auditOverride(
    ctx,
    actor,
    batch,
    'pass.override',
    'done',
    `full pass before ${open.join(', ')} checked off: ${override.trim()}`,
  );
  return undefined;
}
