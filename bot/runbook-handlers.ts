import { type AdaptiveCard, errorCard } from '../cards';
import { runbookCard } from '../cards/runbook';
import { tenantsWithRole } from '../services/config/tenants';
import { setupVerifier } from '../services/preflight/verify-setup';
import { RUNBOOK_IDS, runbooksForScenario } from '../services/runbooks/definitions';
import { checkStep, type RunbookResult, verifyStep, viewRunbook } from '../services/workflow/runbooks';
import type { BotEvent } from './event';
import { stepDownloads } from './meu-download';
import { failureText } from './replies';

/**
 * The card for a runbook result: the runbook (with the reason when a click changed nothing), or an
 * error. The staged runbook's MEU conversion step offers its file (`stepDownloads`).
 */
export function runbookAnswer(result: RunbookResult, ev: BotEvent, notice?: string): AdaptiveCard {
  if (result.ok)
    return runbookCard({ ...result.view, notice, downloads: stepDownloads(result.view, ev.links) });
  if (result.view)
    return runbookCard({
      ...result.view,
      notice: failureText(result),
      downloads: stepDownloads(result.view, ev.links),
    });
  return errorCard({ title: 'Runbook', message: failureText(result) });
}

/** `runbook [<id>] [--tenant <id>]`: the tenant defaults to the only one the user can see. */
export async function showRunbook(
  ev: BotEvent,
  runbookId: string | undefined,
  tenantId: string | undefined,
): Promise<{ card?: AdaptiveCard; text?: string }> {
  const visible = tenantsWithRole(ev.tenants, ev.actor.id, 'viewer');
  const tenant = tenantId
    ? visible.find((t) => t.id === tenantId)
    : visible.length === 1
      ? visible[0]
      : undefined;
  if (!tenant) {
    const choices = visible.map((t) => t.id).join(', ') || 'none';
    return {
      card: errorCard({
        title: 'Which tenant?',
        message: tenantId
          ? `You cannot see tenant ${tenantId}.`
          : `Name the tenant with --tenant <id> (yours: ${choices}).`,
      }),
    };
  }
  if (!runbookId) {
    const ids = [...new Set(tenant.scenarios.flatMap((s) => runbooksForScenario(s)))];
    return {
      text: `Runbooks for ${tenant.displayName}: ${ids.map((id) => `**runbook ${id} --tenant ${tenant.id}**`).join(', ')}. All: ${RUNBOOK_IDS.join(', ')}.`,
    };
  }
  return {
    card: runbookAnswer(await viewRunbook(ev.services.ctx, ev.actor, { tenantId: tenant.id, runbookId }), ev),
  };
}

export const RUNBOOK_ACTIONS = {
  async show(data: { tenantId: string; runbookId: string }, ev: BotEvent) {
    return { card: runbookAnswer(await viewRunbook(ev.services.ctx, ev.actor, data), ev) };
  },
  async check(
    data: { tenantId: string; runbookId: string; stepId: string; done: boolean; version: number },
    ev: BotEvent,
  ) {
    return { card: runbookAnswer(await checkStep(ev.services.ctx, ev.actor, data), ev) };
  },
  async verify(data: { tenantId: string; runbookId: string; stepId: string; version: number }, ev: BotEvent) {
    // verifyStep checks the operator role before the verifier reads Exchange (it never writes).
    const result = await verifyStep(ev.services.ctx, ev.actor, data, setupVerifier(ev.services.ctx));
    const notice = result.ok ? `Checked by Cutover: ${result.verification.detail}` : undefined;
    return { card: runbookAnswer(result, ev, notice) };
  },
};
