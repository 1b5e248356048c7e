import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { approvalCard, batchStatusCard, cardAttachment } from '../cards';
import { attachApprovalCard, waitingOn } from '../services/workflow/approvals';
import type { ServiceContext } from '../services/context';
import type { Approval } from '../services/model/approval';
import type { BatchEvents, Milestone } from '../services/context';
import type { Batch } from '../services/model/batch';
import type { Repositories } from '../services/store/repositories';
import type { TenantsFile } from '../services/config/tenants';
import { approvalView } from './approval-views';
import type { ExportLinks } from './export-links';
import { postsSummary, preflightView } from './preflight-views';
import { preflightCard } from '../cards/preflight';
import { conversationKey, findPersonalChat, loadConversation } from './conversations';
import { batchView } from './views';

const MILESTONE_TEXT: Record<Milestone, (batch: Batch, detail?: string) => string> = {
  synced: (b) =>
    `**${b.name}** is ${b.state === 'SyncedWithErrors' ? 'synced, with failures' : 'synced'} and ready for cutover (${b.summary?.total ?? b.userCount} users).`,
  completed: (b) =>
    `**${b.name}** is ${b.state === 'CompletedWithErrors' ? 'completed, with failures' : 'completed'}. Users now need a new Outlook profile.`,
  create_failed: (b, detail) => `Exchange refused to create **${b.name}**: ${detail ?? 'no reason given'}`,
  action_failed: (b, detail) =>
    `**${b.name}**: ${b.lastError?.action ?? 'the action'} failed: ${detail ?? 'no reason given'}`,
  removed: (b) => `**${b.name}** was removed from Exchange.`,
};

/**
 * Delivers service events to Teams: the batch card is updated in place
 * (updateActivity) and milestones are posted in the batch's conversation.
 */
export function createNotifier(deps: {
  adapter: CloudAdapter;
  botAppId: string;
  repos: Repositories;
  tenants: TenantsFile;
  log: Logger;
  /** The service context, once it exists (approvals record where their cards went). */
  ctx: () => ServiceContext | undefined;
  links: ExportLinks;
}): BatchEvents {
  async function withConversation(key: string, work: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference = await loadConversation(deps.repos, key);
    if (!reference) {
      deps.log.warn({ conversationKey: key }, 'no conversation reference; cannot deliver');
      return;
    }
    await deps.adapter.continueConversationAsync(deps.botAppId, reference as ConversationReference, work);
  }

  /** Where an approval's card goes: the requester's conversation, then what the tenant's policy adds. */
  async function destinations(approval: Approval): Promise<string[]> {
    const policy = deps.tenants.tenants.find((t) => t.id === approval.tenantId)?.approval;
    const keys: string[] = [];
    if (approval.requestedIn) keys.push(approval.requestedIn);
    if (policy?.deliver.batchConversation) {
      const batch = await deps.repos.batches.read(approval.tenantId, approval.batchId);
      if (batch?.card) keys.push(batch.card.conversationKey);
    }
    if (policy?.deliver.channelConversationId)
      keys.push(conversationKey(policy.deliver.channelConversationId));
    if (policy?.deliver.direct) {
      for (const approver of approval.approvers) {
        const chat = await findPersonalChat(deps.repos, approver);
        if (chat) keys.push(chat.key);
      }
    }
    return [...new Set(keys)];
  }

  async function approvalAttachment(approval: Approval) {
    return cardAttachment(approvalCard(await approvalView(approval, deps), 'base'));
  }

  async function approvalChanged(
    approval: Approval,
    change: 'requested' | 'decided' | 'closed' | 'reminder',
  ) {
    const what = approval.action === 'cutover' ? 'cut over' : approval.action;
    if (change === 'requested') {
      const attachment = await approvalAttachment(approval);
      for (const key of await destinations(approval)) {
        await withConversation(key, async (context) => {
          const sent = await context.sendActivity({ type: 'message', attachments: [attachment] });
          const ctx = deps.ctx();
          if (sent?.id && ctx)
            await attachApprovalCard(ctx, approval, { conversationKey: key, activityId: sent.id });
        });
      }
      return;
    }
    if (change === 'reminder') {
      const text = `Reminder: the approval to ${what} **${approval.batchName}** still needs ${waitingOn(approval)} more approval(s); it expires at ${approval.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`;
      for (const key of await destinations(approval)) {
        await withConversation(key, (context) =>
          context.sendActivity({ type: 'message', text, textFormat: 'markdown' }).then(() => undefined),
        );
      }
      return;
    }
    const current = (await deps.repos.approvals.read(approval.pk, approval.id)) ?? approval;
    const attachment = await approvalAttachment(current);
    for (const card of current.cards) {
      await withConversation(card.conversationKey, (context) =>
        context
          .updateActivity({ id: card.activityId, type: 'message', attachments: [attachment] })
          .then(() => undefined),
      );
    }
    if (current.status === 'rejected' && current.requestedIn) {
      const rejection = current.decisions.find((d) => d.decision === 'rejected');
      const text = `${current.requestedBy.name ?? 'Your'} request to ${what} **${current.batchName}** was rejected by ${rejection?.by.name ?? 'an approver'}: ${rejection?.reason ?? ''}`;
      await withConversation(current.requestedIn, (context) =>
        context.sendActivity({ type: 'message', text, textFormat: 'markdown' }).then(() => undefined),
      );
    }
  }

  return {
    async helpRequested(notice) {
      const batch = await deps.repos.batches.read(notice.tenantId, notice.batchId);
      const key = batch?.card?.conversationKey;
      if (!key) return;
      const who = notice.ack?.by.name ? `${notice.ack.by.name} (${notice.email})` : notice.email;
      const text = `${who} needs help with Outlook after the move of **${notice.batchName}**. Please contact them.`;
      try {
        await withConversation(key, (context) =>
          context.sendActivity({ type: 'message', text, textFormat: 'markdown' }).then(() => undefined),
        );
      } catch (error) {
        deps.log.warn({ err: error, noticeId: notice.id }, 'could not post the help request');
      }
    },
    async preflightFinished(report, batch) {
      if (!postsSummary(report)) return;
      const key = report.requestedIn ?? batch.card?.conversationKey;
      if (!key) return;
      const card = preflightCard(preflightView(report, { tenants: deps.tenants, links: deps.links }));
      try {
        await withConversation(key, (context) =>
          context
            .sendActivity({ type: 'message', attachments: [cardAttachment(card)] })
            .then(() => undefined),
        );
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id }, 'could not post the preflight summary');
      }
    },
    async approvalChanged(approval, change) {
      try {
        await approvalChanged(approval, change);
      } catch (error) {
        deps.log.warn({ err: error, approvalId: approval.id, change }, 'could not deliver the approval card');
      }
    },
    async batchChanged(batch) {
      const card = batch.card;
      if (!card?.activityId) return;
      const tenantName =
        deps.tenants.tenants.find((t) => t.id === batch.tenantId)?.displayName ?? batch.tenantId;
      try {
        await withConversation(card.conversationKey, async (context) => {
          await context.updateActivity({
            id: card.activityId,
            type: 'message',
            attachments: [cardAttachment(batchStatusCard(batchView(batch, tenantName)))],
          });
        });
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id }, 'could not update the batch card');
      }
    },
    async milestone(batch, milestone, detail) {
      if (!batch.card) return;
      try {
        await withConversation(batch.card.conversationKey, async (context) => {
          await context.sendActivity({
            type: 'message',
            text: MILESTONE_TEXT[milestone](batch, detail),
            textFormat: 'markdown',
          });
        });
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id, milestone }, 'could not post the milestone');
      }
    },
  };
}
