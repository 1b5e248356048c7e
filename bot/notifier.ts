import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { approvalCard, batchStatusCard, cardAttachment } from '../cards';
import { attachApprovalCard, waitingOn } from '../services/workflow/approvals';
import type { ServiceContext } from '../services/context';
import type { Approval } from '../services/model/approval';
import type { BatchEvents, Milestone } from '../services/context';
import {
  type Batch,
  type CardLocation,
  capabilitiesOf,
  liveCards,
  mainConversation,
} from '../services/model/batch';
import { needsProfileReset } from '../services/notices/content';
import { supersededCard } from '../cards/superseded';
import type { Repositories } from '../services/store/repositories';
import type { TenantsFile } from '../services/config/tenants';
import { approvalView } from './approval-views';
import type { ExportLinks } from './export-links';
import { postsSummary, preflightView } from './preflight-views';
import { preflightCard } from '../cards/preflight';
import { conversationKey, findPersonalChat, loadConversation } from './conversations';
import { leftOutText } from './left-out-text';
import { oneRoundAtATime } from './one-round-at-a-time';
import { turnOrderOf } from './turn-order';
import { batchView } from './views';
import { passesView } from './pass-views';
import { digestCard } from '../cards/report-digest';
import { digestDestinations, digestView } from './digest-views';

function completedText(batch: Batch): string {
  const done = batch.state === 'CompletedWithErrors' ? 'completed, with failures' : 'completed';
  const after = needsProfileReset(batch.scenario)
    ? 'Users now need a new Outlook profile.'
    : 'No profile reset is needed: users keep their Outlook profile.';
  return `**${batch.name}** is ${done}. ${after}`;
}

const MILESTONE_TEXT: Record<Milestone, (batch: Batch, detail?: string) => string> = {
  synced: (b) =>
    capabilitiesOf(b).passes
      ? `**${b.name}**: the pre-stage pass is done (${b.summary?.total ?? b.userCount} users). Next: ${passesView(b)?.next ?? 'the full pass.'}`
      : `**${b.name}** is ${b.state === 'SyncedWithErrors' ? 'synced, with failures' : 'synced'} and ready for cutover (${b.summary?.total ?? b.userCount} users).`,
  completed: completedText,
  create_failed: (b, detail) =>
    `${b.engineName ?? 'Exchange'} refused to create **${b.name}**: ${detail ?? 'no reason given'}`,
  action_failed: (b, detail) =>
    `**${b.name}**: ${b.lastError?.action ?? 'the action'} failed: ${detail ?? 'no reason given'}`,
  removed: (b) => `**${b.name}** was removed from ${b.engineName ?? 'Exchange'}.`,
  users_left_out: (b) => leftOutText(b),
};

/**
 * Delivers service events to Teams: every live batch card is updated in place (updateActivity) and
 * milestones are posted in the batch's main conversation. A post to a conversation where a command is
 * being answered waits for that answer (see TurnOrder).
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
  const order = turnOrderOf(deps.adapter, deps.log);

  async function withConversation(key: string, work: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference = await loadConversation(deps.repos, key);
    if (!reference) {
      deps.log.warn({ conversationKey: key }, 'no conversation reference; cannot deliver');
      return;
    }
    await deps.adapter.continueConversationAsync(deps.botAppId, reference as ConversationReference, work);
  }

  /** A new post: after the reply of a command being answered in that conversation, else now. */
  async function post(key: string, work: (context: TurnContext) => Promise<void>): Promise<void> {
    if (order.hold(key, () => withConversation(key, work))) return;
    await withConversation(key, work);
  }

  async function updateCard(card: CardLocation, attachment: ReturnType<typeof cardAttachment>) {
    const id = card.activityId;
    if (!id) return;
    await withConversation(card.conversationKey, async (context) => {
      await context.updateActivity({ id, type: 'message', attachments: [attachment] });
    });
  }

  /** Where an approval's card goes: the requester's conversation, then what the tenant's policy adds. */
  async function destinations(approval: Approval): Promise<string[]> {
    const policy = deps.tenants.tenants.find((t) => t.id === approval.tenantId)?.approval;
    const keys: string[] = [];
    if (approval.requestedIn) keys.push(approval.requestedIn);
    if (policy?.deliver.batchConversation) {
      const batch = await deps.repos.batches.read(approval.tenantId, approval.batchId);
      const main = batch ? mainConversation(batch) : undefined;
      if (main) keys.push(main);
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
        await post(key, async (context) => {
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
        await post(key, (context) =>
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
      await post(current.requestedIn, (context) =>
        context.sendActivity({ type: 'message', text, textFormat: 'markdown' }).then(() => undefined),
      );
    }
  }

  /** Every live card of a batch shown as the stored batch is now; cards superseded meanwhile marked so. */
  async function followBatch(changed: Batch): Promise<void> {
    // Events come after the write, so the stored batch is this change or a later one, and it names
    // the cards to update (one may have been posted since this change).
    const batch = (await deps.repos.batches.read(changed.tenantId, changed.id)) ?? changed;
    const cards = liveCards(batch);
    if (cards.length === 0) return;
    const tenantName =
      deps.tenants.tenants.find((t) => t.id === batch.tenantId)?.displayName ?? batch.tenantId;
    const attachment = cardAttachment(batchStatusCard(batchView(batch, tenantName)));
    for (const card of cards) {
      try {
        await updateCard(card, attachment);
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id }, 'could not update the batch card');
      }
    }
    // A card superseded while this update was on its way must not stay a full batch card.
    const after = await deps.repos.batches.read(batch.tenantId, batch.id);
    if (!after) return;
    const live = new Set(liveCards(after).map((c) => c.activityId));
    const superseded = cardAttachment(
      supersededCard({ batchId: after.id, batchName: after.name, version: after.version }),
    );
    for (const card of cards.filter((c) => !live.has(c.activityId))) {
      try {
        await updateCard(card, superseded);
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id }, 'could not mark a batch card as superseded');
      }
    }
  }

  // One round of card updates per batch at a time: a change during a round brings one more round after
  // it, read from the store then. Rounds started together could otherwise reach Teams out of order and
  // leave a card showing an older version than the batch's.
  const followingBatch = oneRoundAtATime(followBatch);

  return {
    async helpRequested(notice) {
      const batch = await deps.repos.batches.read(notice.tenantId, notice.batchId);
      const key = batch ? mainConversation(batch) : undefined;
      if (!key) return;
      const who = notice.ack?.by.name ? `${notice.ack.by.name} (${notice.email})` : notice.email;
      const text = `${who} needs help with Outlook after the move of **${notice.batchName}**. Please contact them.`;
      try {
        await post(key, (context) =>
          context.sendActivity({ type: 'message', text, textFormat: 'markdown' }).then(() => undefined),
        );
      } catch (error) {
        deps.log.warn({ err: error, noticeId: notice.id }, 'could not post the help request');
      }
    },
    async preflightFinished(report, batch) {
      if (!postsSummary(report)) return;
      const key = report.requestedIn ?? mainConversation(batch);
      if (!key) return;
      const card = preflightCard(preflightView(report, { tenants: deps.tenants, links: deps.links }));
      try {
        await post(key, (context) =>
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
    batchChanged: (changed) => followingBatch(`${changed.tenantId}\n${changed.id}`, changed),
    async dailyDigest(digest) {
      const keys = digestDestinations(digest);
      const attachment = cardAttachment(digestCard(digestView(digest, deps.tenants)));
      let reached = 0;
      for (const key of keys) {
        if (!(await loadConversation(deps.repos, key))) {
          deps.log.warn(
            { conversationKey: key, tenantId: digest.tenantId },
            'digest: no conversation reference',
          );
          continue;
        }
        await post(key, (context) =>
          context.sendActivity({ type: 'message', attachments: [attachment] }).then(() => undefined),
        );
        reached++;
      }
      if (keys.length > 0 && reached === 0) throw new Error('the digest reached none of its conversations');
      return reached;
    },
    async milestone(batch, milestone, detail) {
      const key = mainConversation(batch);
      if (!key) return;
      try {
        await post(key, async (context) => {
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
