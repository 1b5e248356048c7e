import {
  type AdaptiveCard,
  approvalCard,
  auditCard,
  errorCard,
  type CardVerb,
  type CardVerbData,
  batchStatusCard,
  confirmCard,
  userStatusCard,
  usersPageCard,
} from '../cards';
import {
  createBatch,
  type Failure,
  requestAction,
  requestPreflight,
  usersPage,
  userStatus,
  viewBatch,
} from '../services';
import { noticeCard } from '../cards/notice';
import { preflightCard } from '../cards/preflight';
import { tenantOfBatchId } from '../services/authorize';
import { acknowledgeNotice } from '../services/notices/acknowledge';
import { noticeCardView } from './notice-views';
import { preflightView } from './preflight-views';
import { RUNBOOK_ACTIONS } from './runbook-handlers';
import { PORTFOLIO_ACTIONS } from './portfolio-handlers';
import type { Batch, BatchAction } from '../services/model/batch';
import { failure } from '../services/model/result';
import { canDecide, decide } from '../services/workflow/approvals';
import { approvalView } from './approval-views';
import { auditView } from './audit-view';
import { formCard } from './commands/handlers';
import type { BotEvent } from './event';
import { failureDetails, failureText } from './replies';
import { batchView, confirmView, userStatusView, usersPageView } from './views';

/** What a card action answers: the card to show, or a typed error. */
export type InvokeAnswer =
  | {
      card: AdaptiveCard /** Record the card as this batch's card; the batch as it shows it. */;
      batchCard?: Batch;
    }
  | { error: { code: string; message: string } };

type ActionHandlers = { [V in CardVerb]: (data: CardVerbData[V], ev: BotEvent) => Promise<InvokeAnswer> };

/** The batch's card as the answer; the card answered in place is recorded so that it follows the batch. */
function batchCard(ev: BotEvent, batch: Batch, notice?: string): InvokeAnswer {
  const name = ev.tenants.tenants.find((t) => t.id === batch.tenantId)?.displayName ?? batch.tenantId;
  return { card: batchStatusCard(batchView(batch, name, notice)), batchCard: batch };
}

/**
 * Expected failures on a card: a stale card, or an action the batch's state does not allow, gets the
 * current card back with the reason on it; anything else is a typed error.
 */
function failed(ev: BotEvent, failure: Failure): InvokeAnswer {
  if (
    failure.batch &&
    (failure.reason === 'stale' ||
      failure.reason === 'busy' ||
      failure.reason === 'state' ||
      failure.reason === 'blocked')
  ) {
    return batchCard(ev, failure.batch, failureText(failure));
  }
  return { error: { code: failure.reason, message: failureText(failure) } };
}

function requestOf(data: { batchId: string; version: number }) {
  return { batchId: data.batchId, version: data.version };
}

async function act(
  ev: BotEvent,
  kind: Exclude<BatchAction, 'create'>,
  data: { batchId: string; version: number },
  at?: string,
): Promise<InvokeAnswer> {
  const result = await requestAction(ev.services.ctx, ev.actor, kind, {
    ...requestOf(data),
    at,
    conversationKey: ev.conversationKey,
  });
  if (!result.ok) return failed(ev, result);
  const note = result.preflight
    ? `Checking the readiness of ${result.preflight.userCount} users first; the ${kind === 'start' ? 'start' : 'pass'} goes on when the preflight passes.`
    : undefined;
  return batchCard(ev, result.batch, note);
}

async function confirmation(
  ev: BotEvent,
  kind: 'cutover' | 'retry' | 'remove',
  data: { batchId: string; version: number },
): Promise<InvokeAnswer> {
  const found = await viewBatch(ev.services.ctx, ev.actor, { batchId: data.batchId });
  if (!found.ok) return failed(ev, found);
  // The card was behind the batch: its current card, saying so, rather than a confirmation of what
  // the person did not see.
  if (found.batch.version !== data.version) {
    return failed(ev, failure('batch.stale', { name: found.batch.name }, { batch: found.batch }));
  }
  return { card: confirmCard(await confirmView(ev, found.batch, kind)) };
}

/**
 * An approver's decision. A refusal (not an approver, own request, already decided, expired, batch
 * changed, no reason to reject) answers with a card that says why, and changes nothing.
 */
async function decision(
  ev: BotEvent,
  data: { approvalId: string; batchId: string; reason?: string },
  choice: 'approved' | 'rejected',
): Promise<InvokeAnswer> {
  const result = await decide(ev.services.ctx, ev.actor, { ...data, decision: choice });
  if (result.ok) return { card: approvalCard(await approvalView(result.approval, ev.services.ctx), 'base') };
  if (result.reason === 'invalid' && result.approval) {
    return { error: { code: 'reason_required', message: failureText(result) } };
  }
  return {
    card: errorCard({
      title: result.reason === 'forbidden' ? 'Not allowed' : 'Not possible',
      message: failureText(result),
      hint: result.approval ? `The approval is ${result.approval.status}.` : undefined,
    }),
  };
}

/** Card verbs to handlers. The map is typed over the verb table, so a verb without a handler does not compile. */
export const ACTION_HANDLERS: ActionHandlers = {
  async 'batch.refresh'(data, ev) {
    const found = await viewBatch(ev.services.ctx, ev.actor, { batchId: data.batchId });
    return found.ok ? batchCard(ev, found.batch) : failed(ev, found);
  },
  async 'batch.users'(data, ev) {
    const result = await usersPage(
      ev.services.ctx,
      ev.actor,
      { batchId: data.batchId },
      { status: data.status, page: data.page },
    );
    return result.ok ? { card: usersPageCard(usersPageView(result, data.status)) } : failed(ev, result);
  },
  'batch.start': (data, ev) => act(ev, 'start', data),
  'batch.stop': (data, ev) => act(ev, 'stop', data),
  'batch.retry': (data, ev) => confirmation(ev, 'retry', data),
  'batch.cutover': (data, ev) => confirmation(ev, 'cutover', data),
  'batch.remove': (data, ev) => confirmation(ev, 'remove', data),
  'batch.verify': (data, ev) => act(ev, 'verify', data),
  'batch.prestage': (data, ev) => act(ev, 'prestage', data),
  'batch.pass': (data, ev) => act(ev, 'pass', data),
  'batch.retry-errors': (data, ev) => act(ev, 'retry-errors', data),
  async 'batch.confirm'(data, ev) {
    const input = (data as { cutoverAt?: string }).cutoverAt?.trim();
    const kind = data.action === 'cutover' ? 'complete' : data.action;
    return act(ev, kind, data, data.action === 'cutover' ? input || data.at : undefined);
  },
  async 'batch.create'(data, ev) {
    const result = await createBatch(ev.services.ctx, ev.actor, {
      tenantId: data.tenant,
      scenario: data.scenario,
      name: data.name,
      csv: data.csv,
      targetDeliveryDomain: data.targetDeliveryDomain,
      completeAfter: data.completeAfter,
      card: { conversationKey: ev.conversationKey },
    });
    if (!result.ok) {
      if (result.reason === 'forbidden') return failed(ev, result);
      // A headline with its rows ("The CSV has 61 problems" and the rows) is the title, so the
      // count the card shows is the count of problems, not of lines.
      const details = failureDetails(result);
      return {
        card:
          details.length > 0
            ? formCard(ev, data, details, failureText(result))
            : formCard(ev, data, [failureText(result)]),
      };
    }
    return batchCard(ev, result.batch);
  },
  async 'approval.refresh'(data, ev) {
    const approval = await ev.services.ctx.repos.approvals.read(data.batchId, data.approvalId);
    // The caller's role was checked in the tenant the batch id names; the approval must be in it.
    if (!approval || approval.tenantId !== tenantOfBatchId(data.batchId))
      return { error: { code: 'not_found', message: 'That approval no longer exists.' } };
    // The refresh is per user: whoever cannot decide gets the read-only card, whatever the base shows.
    const decider = canDecide(approval, ev.actor, ev.services.ctx.now());
    const view = await approvalView(approval, ev.services.ctx);
    return {
      card: approvalCard(decider ? view : { ...view, buttonsForAll: false }, decider ? 'approver' : 'base'),
    };
  },
  'approval.approve': (data, ev) => decision(ev, data, 'approved'),
  'approval.reject': (data, ev) => decision(ev, data, 'rejected'),
  async 'audit.page'(data, ev) {
    const result = await auditView(ev, { batchId: data.batchId }, data.page);
    return result.ok ? { card: auditCard(result.view) } : failed(ev, result);
  },
  async 'user.status'(data, ev) {
    const result = await userStatus(ev.services.ctx, ev.actor, data.email, {
      requestId: ev.requestId,
      batchId: data.batchId,
    });
    return result.ok
      ? { card: userStatusCard(userStatusView(result.stats, result.batch)) }
      : failed(ev, result);
  },
  async 'preflight.run'(data, ev) {
    const run = await requestPreflight(
      ev.services.ctx,
      ev.actor,
      { batchId: data.batchId },
      ev.conversationKey,
    );
    if (!run.ok) return failed(ev, run);
    const view = preflightView(run.report, { tenants: ev.tenants, links: ev.links, viewerId: ev.actor.id });
    return { card: preflightCard(view) };
  },
  'runbook.show': (data, ev) => RUNBOOK_ACTIONS.show(data, ev),
  'runbook.check': (data, ev) => RUNBOOK_ACTIONS.check(data, ev),
  'runbook.verify': (data, ev) => RUNBOOK_ACTIONS.verify(data, ev),
  'portfolio.page': (data, ev) => PORTFOLIO_ACTIONS.page(data, ev),
  'portfolio.tenant': (data, ev) => PORTFOLIO_ACTIONS.tenant(data, ev),
  async 'notice.ack'(data, ev) {
    const result = await acknowledgeNotice(ev.services.ctx, ev.actor, data);
    if (!result.ok) return failed(ev, result);
    return { card: noticeCard(noticeCardView(result.notice)) };
  },
};
