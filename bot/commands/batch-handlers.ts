import { batchFormCard, confirmCard } from '../../cards';
import { preflightCard } from '../../cards/preflight';
import { createBatch, requestAction, requestPreflight, viewBatch, viewPreflight } from '../../services';
import { rolesOf } from '../../services/config/tenants';
import { SCENARIOS } from '../../services/model/statuses';
import type { BotEvent } from '../event';
import { preflightView } from '../preflight-views';
import { failureReply } from '../replies';
import { confirmView } from '../views';
import { batchCardReply, batchRef, type CommandReply, type Handlers } from './common';
import type { Command } from './parse';

const SCENARIO_TITLES: Record<string, string> = {
  'cross-tenant': 'Cross-tenant (Exchange Online to Exchange Online)',
  hybrid: 'Hybrid onboarding (one tenant per organization)',
  staged: 'Staged (Exchange 2003/2007)',
  'third-party': 'Tenant to tenant, third-party tool',
  hosted: 'Hosted Exchange to hosted Exchange',
};

export function formCard(
  ev: BotEvent,
  values?: Record<string, string | undefined>,
  errors?: string[],
  errorsHeadline?: string,
) {
  const tenants = ev.tenants.tenants.filter((t) => rolesOf(ev.tenants, t.id, ev.actor.id).has('operator'));
  return batchFormCard({
    tenants: tenants.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      targetDeliveryDomain: t.targetDeliveryDomain,
      scenarios: t.scenarios,
    })),
    scenarios: SCENARIOS.map((id) => ({ id, title: SCENARIO_TITLES[id] ?? id })),
    values,
    errors,
    errorsHeadline,
  });
}

type AskedAtOnce =
  | 'batch.start'
  | 'batch.resume'
  | 'batch.stop'
  | 'batch.verify'
  | 'batch.prestage'
  | 'batch.pass'
  | 'batch.retry-errors';

/**
 * Start, resume, stop and the passes: asked for at once (a start or a first pass may first run a
 * preflight, and any of them may ask for approval).
 */
async function action(
  command: Command<AskedAtOnce>,
  ev: BotEvent,
  kind: 'start' | 'stop' | 'verify' | 'prestage' | 'pass' | 'retry-errors',
): Promise<CommandReply> {
  const override = 'override' in command.options ? command.options.override : undefined;
  const olderThanDays = 'older-than' in command.options ? command.options['older-than'] : undefined;
  const result = await requestAction(ev.services.ctx, ev.actor, kind, {
    ...batchRef(command),
    conversationKey: ev.conversationKey,
    override,
    olderThanDays,
  });
  if (!result.ok) return failureReply(result, command.spec.syntax);
  if (result.preflight) {
    const goesOn = kind === 'start' ? 'the batch starts' : 'the pass is submitted';
    return batchCardReply(
      ev,
      result.batch,
      `Checking the readiness of ${result.preflight.userCount} users first; ${goesOn} (or asks for approval) when the preflight passes, and its summary follows if it does not.`,
    );
  }
  if (result.approval) {
    const needed = result.approval.quorum;
    return batchCardReply(
      ev,
      result.batch,
      `Asked for approval: ${needed} of ${result.approval.approvers.length} approvers must approve. The approval card follows.`,
    );
  }
  return batchCardReply(ev, result.batch);
}

/** Confirms a destructive action on a card with the count and the names, before anything happens. */
async function confirm(
  command: Command<'batch.cutover' | 'batch.retry' | 'batch.remove'>,
  ev: BotEvent,
  kind: 'cutover' | 'retry' | 'remove',
): Promise<CommandReply> {
  const found = await viewBatch(ev.services.ctx, ev.actor, batchRef(command));
  if (!found.ok) return failureReply(found, command.spec.syntax);
  return { card: confirmCard(await confirmView(ev, found.batch, kind, command.args.when)) };
}

type BatchCommand =
  | AskedAtOnce
  | 'batch.new'
  | 'batch.create'
  | 'batch.retry'
  | 'batch.remove'
  | 'batch.cutover'
  | 'batch.preflight'
  | 'batch.readiness';

/** The commands that create a batch, check it, or change what Exchange does with it. */
export const BATCH_HANDLERS: Handlers<BatchCommand> = {
  // Only operators get here (the role table); the form offers the tenants where the caller is one.
  async 'batch.new'(_command, ev) {
    return { card: formCard(ev) };
  },
  async 'batch.create'(command, ev) {
    const o = command.options;
    const result = await createBatch(ev.services.ctx, ev.actor, {
      name: command.args.name,
      tenantId: o.tenant,
      scenario: o.scenario,
      targetDeliveryDomain: o.domain,
      completeAfter: o['complete-after'],
      csv: command.file ?? command.body,
      card: { conversationKey: ev.conversationKey },
    });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return batchCardReply(ev, result.batch);
  },
  async 'batch.preflight'(command, ev) {
    const run = await requestPreflight(ev.services.ctx, ev.actor, batchRef(command), ev.conversationKey);
    if (!run.ok) return failureReply(run, command.spec.syntax);
    return {
      text: `Checking the readiness of the ${run.batch.userCount} users of **${run.batch.name}**; the summary follows here.`,
    };
  },
  async 'batch.readiness'(command, ev) {
    const found = await viewPreflight(ev.services.ctx, ev.actor, batchRef(command));
    if (!found.ok) return failureReply(found, command.spec.syntax);
    return {
      card: preflightCard(
        preflightView(found.report, { tenants: ev.tenants, links: ev.links, viewerId: ev.actor.id }),
      ),
    };
  },
  'batch.start': (command, ev) => action(command, ev, 'start'),
  'batch.resume': (command, ev) => action(command, ev, 'start'),
  'batch.stop': (command, ev) => action(command, ev, 'stop'),
  'batch.verify': (command, ev) => action(command, ev, 'verify'),
  'batch.prestage': (command, ev) => action(command, ev, 'prestage'),
  'batch.pass': (command, ev) => action(command, ev, 'pass'),
  'batch.retry-errors': (command, ev) => action(command, ev, 'retry-errors'),
  'batch.retry': (command, ev) => confirm(command, ev, 'retry'),
  'batch.remove': (command, ev) => confirm(command, ev, 'remove'),
  'batch.cutover': (command, ev) => confirm(command, ev, 'cutover'),
};
