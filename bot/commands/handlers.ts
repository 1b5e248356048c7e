import {
  approvalsListCard,
  auditCard,
  batchFormCard,
  batchListCard,
  batchStatusCard,
  confirmCard,
  helpCard,
  tenantsCard,
  userStatusCard,
  usersPageCard,
} from '../../cards';
import {
  createBatch,
  listBatches,
  requestAction,
  requestPreflight,
  usersPage,
  userStatus,
  viewBatch,
  viewPreflight,
} from '../../services';
import { preflightCard } from '../../cards/preflight';
import { preflightView } from '../preflight-views';
import { showRunbook } from '../runbook-handlers';
import { noticeCardView, noticePreviewNote } from '../notice-views';
import { noticeCard, noticesListCard } from '../../cards';
import { NOTICE_KINDS, type NoticeKind } from '../../services/notices/content';
import { previewNotice, viewNotices } from '../../services/notices/queries';
import { ROLES, rolesOf } from '../../services/config/tenants';
import type { Batch } from '../../services/model/batch';
import { SCENARIOS } from '../../services/model/statuses';
import { pendingFor, waitingOn } from '../../services/workflow/approvals';
import { auditView } from '../audit-view';
import type { BotEvent } from '../event';
import { failureReply, type Reply } from '../replies';
import { batchView, confirmView, userStatusView, usersPageView } from '../views';
import type { ParsedCommand } from './parse';
import { COMMANDS, type CommandKey } from './specs';

export type CommandReply = Reply & { /** Record the sent card as this batch's card. */ batchCard?: string };
type Handler = (command: ParsedCommand, ev: BotEvent) => Promise<CommandReply>;

const SCENARIO_TITLES: Record<string, string> = {
  'cross-tenant': 'Cross-tenant (Exchange Online to Exchange Online)',
  hybrid: 'Hybrid onboarding (one tenant per organization)',
  staged: 'Staged (Exchange 2003/2007)',
  'third-party': 'Tenant to tenant, third-party tool',
  hosted: 'Hosted Exchange to hosted Exchange',
};

function tenantName(ev: BotEvent, tenantId: string): string {
  return ev.tenants.tenants.find((t) => t.id === tenantId)?.displayName ?? tenantId;
}

/** A reply with the batch's card; the sent card is recorded so that it follows the batch. */
export function batchCardReply(ev: BotEvent, batch: Batch, text?: string): CommandReply {
  return {
    text,
    card: batchStatusCard(batchView(batch, tenantName(ev, batch.tenantId))),
    batchCard: batch.id,
  };
}

function rolesEverywhere(ev: BotEvent): string[] {
  const roles = new Set<string>();
  for (const tenant of ev.tenants.tenants)
    for (const r of rolesOf(ev.tenants, tenant.id, ev.actor.id)) roles.add(r);
  return ROLES.filter((r) => roles.has(r));
}

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

const ref = (command: ParsedCommand) => ({
  name: command.args.name,
  tenantId: command.options.tenant as string | undefined,
});

async function action(
  command: ParsedCommand,
  ev: BotEvent,
  kind: 'start' | 'stop' | 'retry' | 'complete' | 'remove',
  at?: string,
): Promise<CommandReply> {
  const result = await requestAction(ev.services.ctx, ev.actor, kind, {
    ...ref(command),
    at,
    conversationKey: ev.conversationKey,
    override: command.options.override as string | undefined,
  });
  if (!result.ok) return failureReply(result, command.spec.syntax);
  if (result.preflight) {
    return batchCardReply(
      ev,
      result.batch,
      `Checking the readiness of ${result.preflight.userCount} users first; the batch starts (or asks for approval) when the preflight passes, and its summary follows if it does not.`,
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
  command: ParsedCommand,
  ev: BotEvent,
  kind: 'cutover' | 'retry' | 'remove',
): Promise<CommandReply> {
  const found = await viewBatch(ev.services.ctx, ev.actor, ref(command));
  if (!found.ok) return failureReply(found, command.spec.syntax);
  const when = command.args.when;
  return { card: confirmCard(await confirmView(ev, found.batch, kind, when)) };
}

export const HANDLERS: Record<CommandKey, Handler> = {
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
  // Only operators get here (the role table); the form offers the tenants where the caller is one.
  async 'batch.new'(_command, ev) {
    return { card: formCard(ev) };
  },
  async 'batch.create'(command, ev) {
    const result = await createBatch(ev.services.ctx, ev.actor, {
      name: command.args.name,
      tenantId: command.options.tenant as string | undefined,
      scenario: command.options.scenario as string | undefined,
      targetDeliveryDomain: command.options.domain as string | undefined,
      completeAfter: command.options['complete-after'] as string | undefined,
      csv: command.file ?? command.body,
      card: { conversationKey: ev.conversationKey },
    });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return batchCardReply(ev, result.batch);
  },
  async 'batch.list'(command, ev) {
    const result = await listBatches(ev.services.ctx, ev.actor, {
      tenantId: command.options.tenant as string | undefined,
    });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    if (result.batches.length === 0) return { text: 'No batches yet. Say **batch new** to create one.' };
    return {
      card: batchListCard({
        batches: result.batches.map((b) => ({
          batchId: b.id,
          version: b.version,
          name: b.name,
          tenantName: tenantName(ev, b.tenantId),
          scenario: b.scenario,
          state: b.state,
          totalUsers: b.summary?.total ?? b.userCount,
          progressPercent: b.summary?.percent ?? 0,
        })),
        continuation: result.continuation,
      }),
    };
  },
  async 'batch.status'(command, ev) {
    const found = await viewBatch(ev.services.ctx, ev.actor, ref(command));
    if (!found.ok) return failureReply(found, command.spec.syntax);
    return batchCardReply(ev, found.batch);
  },
  async 'batch.users'(command, ev) {
    const result = await usersPage(ev.services.ctx, ev.actor, ref(command), {
      status: command.options.status as string | undefined,
      page: command.options.page as number | undefined,
    });
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return { card: usersPageCard(usersPageView(result, command.options.status as string | undefined)) };
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
    const result = await auditView(ev, ref(command), (command.options.page as number | undefined) ?? 1);
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return { card: auditCard(result.view) };
  },
  async 'batch.preflight'(command, ev) {
    const run = await requestPreflight(ev.services.ctx, ev.actor, ref(command), ev.conversationKey);
    if (!run.ok) return failureReply(run, command.spec.syntax);
    return {
      text: `Checking the readiness of the ${run.batch.userCount} users of **${run.batch.name}**; the summary follows here.`,
    };
  },
  async 'batch.readiness'(command, ev) {
    const found = await viewPreflight(ev.services.ctx, ev.actor, ref(command));
    if (!found.ok) return failureReply(found, command.spec.syntax);
    return {
      card: preflightCard(
        preflightView(found.report, { tenants: ev.tenants, links: ev.links, viewerId: ev.actor.id }),
      ),
    };
  },
  async 'batch.notices'(command, ev) {
    const o = command.options;
    const filter = o.pending ? 'pending' : o.help ? 'help' : o.failed ? 'failed' : 'all';
    const result = await viewNotices(
      ev.services.ctx,
      ev.actor,
      ref(command),
      filter,
      o.page as number | undefined,
    );
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return {
      card: noticesListCard({
        batchName: result.batch.name,
        filter: { all: undefined, pending: 'not sent yet', help: 'asking for help', failed: 'failed' }[
          filter
        ],
        counts: result.counts,
        page: result.page.page,
        pageCount: result.page.pageCount,
        rows: result.page.notices.map((n) => ({
          email: n.email,
          kind: n.kind,
          status: n.status === 'cancelled' ? 'failed' : n.status,
          channel: n.channel,
          sentAt: n.sentAt,
          answer: n.ack?.answer,
          error: n.error,
        })),
      }),
    };
  },
  async 'notify.preview'(command, ev) {
    const kind = (command.options.kind as string | undefined) ?? 'reset';
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) {
      return failureReply(
        { ok: false, reason: 'invalid', message: `--kind is one of ${NOTICE_KINDS.join(', ')}.` },
        command.spec.syntax,
      );
    }
    const result = await previewNotice(ev.services.ctx, ev.actor, ref(command), kind as NoticeKind);
    if (!result.ok) return failureReply(result, command.spec.syntax);
    const card = noticeCard(noticeCardView(result.notice, { preview: true }));
    return { text: noticePreviewNote(result, kind), card };
  },
  runbook: (command, ev) =>
    showRunbook(ev, command.args.runbook, command.options.tenant as string | undefined),
  'batch.start': (command, ev) => action(command, ev, 'start'),
  'batch.resume': (command, ev) => action(command, ev, 'start'),
  'batch.stop': (command, ev) => action(command, ev, 'stop'),
  'batch.retry': (command, ev) => confirm(command, ev, 'retry'),
  'batch.remove': (command, ev) => confirm(command, ev, 'remove'),
  'batch.cutover': (command, ev) => confirm(command, ev, 'cutover'),
};
