import {
  approvalsListCard,
  auditCard,
  helpCard,
  tenantsCard,
  userStatusCard,
  usersPageCard,
} from '../../cards';
import { listBatches, usersPage, userStatus, viewBatch } from '../../services';
import { ROLES, rolesOf } from '../../services/config/tenants';
import { pendingFor, waitingOn } from '../../services/workflow/approvals';
import { auditView } from '../audit-view';
import type { BotEvent } from '../event';
import { failureReply } from '../replies';
import { showRunbook } from '../runbook-handlers';
import { reportCommand } from '../report-handlers';
import { portfolioCommand } from '../portfolio-handlers';
import { userStatusView, usersPageView } from '../views';
import { BATCH_HANDLERS } from './batch-handlers';
import {
  batchCardReply,
  batchListOf,
  batchRef,
  type CommandReply,
  type Handlers,
  tenantName,
} from './common';
import { NOTICE_HANDLERS } from './notice-handlers';
import type { ParsedCommand } from './parse';
import { COMMANDS, type CommandKey } from './specs';

export { formCard } from './batch-handlers';
export { batchCardReply, type CommandReply } from './common';

function rolesEverywhere(ev: BotEvent): string[] {
  const roles = new Set<string>();
  for (const tenant of ev.tenants.tenants)
    for (const r of rolesOf(ev.tenants, tenant.id, ev.actor.id)) roles.add(r);
  return ROLES.filter((r) => roles.has(r));
}

type ViewCommand =
  | 'help'
  | 'tenants'
  | 'batch.list'
  | 'batch.status'
  | 'batch.users'
  | 'user'
  | 'approvals'
  | 'audit'
  | 'runbook';

/** The commands that only show something. */
const VIEW_HANDLERS: Handlers<ViewCommand> = {
  async help(_command, ev) {
    return {
      card: helpCard({
        commands: COMMANDS.map((c) => ({ syntax: c.syntax, description: c.description })),
        roles: rolesEverywhere(ev),
      }),
    };
  },
  async tenants(_command, ev) {
    return {
      card: tenantsCard({
        tenants: ev.tenants.tenants.map((t) => ({
          id: t.id,
          displayName: t.displayName,
          scenarios: t.scenarios,
          targetDeliveryDomain: t.targetDeliveryDomain,
          endpoint: t.migrationEndpoint,
          roles: [...rolesOf(ev.tenants, t.id, ev.actor.id)],
        })),
      }),
    };
  },
  async 'batch.list'(command, ev) {
    const result = await listBatches(ev.services.ctx, ev.actor, { tenantId: command.options.tenant });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    if (result.batches.length === 0) return { text: 'No batches yet. Say **batch new** to create one.' };
    return { card: batchListOf(ev, result) };
  },
  async 'batch.status'(command, ev) {
    const found = await viewBatch(ev.services.ctx, ev.actor, batchRef(command));
    if (!found.ok) return failureReply(found, command.spec.syntax);
    return batchCardReply(ev, found.batch);
  },
  async 'batch.users'(command, ev) {
    const { status, page } = command.options;
    const result = await usersPage(ev.services.ctx, ev.actor, batchRef(command), { status, page });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return { card: usersPageCard(usersPageView(result, status)) };
  },
  async user(command, ev) {
    const result = await userStatus(ev.services.ctx, ev.actor, command.args.email!, {
      requestId: ev.requestId,
    });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return { card: userStatusCard(userStatusView(result.stats, result.batch)) };
  },
  async approvals(_command, ev) {
    const pending = await pendingFor(ev.services.ctx, ev.actor);
    return {
      card: approvalsListCard({
        approvals: pending.map((a) => ({
          approvalId: a.id,
          batchId: a.batchId,
          batchName: a.batchName,
          tenantName: tenantName(ev, a.tenantId),
          action: a.action,
          requestedBy: a.requestedBy.name ?? a.requestedBy.id,
          requestedAt: a.requestedAt,
          expiresAt: a.expiresAt,
          waitingOn: waitingOn(a),
        })),
      }),
    };
  },
  async audit(command, ev) {
    const result = await auditView(ev, batchRef(command), command.options.page ?? 1);
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return { card: auditCard(result.view) };
  },
  runbook: (command, ev) => showRunbook(ev, command.args.runbook, command.options.tenant),
};

/** Every command's handler, typed over the keys: a command without one does not compile. */
export const TYPED_HANDLERS: Handlers<CommandKey> = {
  ...VIEW_HANDLERS,
  portfolio: (command, ev) => portfolioCommand(ev, command.options, command.spec.syntax),
  report: (command, ev) => reportCommand(ev, command.args, command.options, command.spec.syntax),
  ...BATCH_HANDLERS,
  ...NOTICE_HANDLERS,
};

/**
 * The handlers as the turn calls them, with a command straight from the parser: the parser checked its
 * options against the schema of its own key, so each handler gets the options it declares.
 */
export const HANDLERS = TYPED_HANDLERS as unknown as Record<
  CommandKey,
  (command: ParsedCommand, ev: BotEvent) => Promise<CommandReply>
>;
