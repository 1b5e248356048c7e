import { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type Storage, type TurnContext, TurnContext as TC } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import { cardAttachment } from '../cards';
import type { Services } from '../services';
import type { TenantsFile } from '../services/config/tenants';
import { ACTION_HANDLERS, type InvokeAnswer } from './actions';
import { authorizeCommand, authorizeVerb } from './authorize';
import { recordBatchCard, recordBatchCardAfterReply } from './batch-cards';
import { type CardSubmit, cardSubmitOf, OUTDATED_CARD_TEXT } from './card-submit';
import { ACTION_SCHEMAS, isCardVerb } from './action-schemas';
import type { CommandReply } from './commands/common';
import { HANDLERS } from './commands/handlers';
import { cleanText, isFailure, parseCommand } from './commands/parse';
import { rememberConversation } from './conversations';
import { csvAttachmentOf, downloadCsv } from './csv-attachment';
import { actorOf, type BotEvent } from './event';
import type { ExportLinks } from './export-links';
import { handleInstall } from './install-handler';
import { installOf } from './install';
import { failureReply, unexpectedReply } from './replies';
import { turnOrderOf } from './turn-order';

export interface BotDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  services: Services;
  tenants: TenantsFile;
  log: Logger;
  /** Conversation state storage for teams-ai; the app keeps no turn state, so it is not read per turn. */
  storage?: Storage;
  links: ExportLinks;
}

/** The teams-ai Application: one message route (our own anchored parser) and one card action route. */
export function createBotApp(deps: BotDeps): Application {
  // No conversation state storage: no command or card action reads or writes teams-ai's turn state,
  // and loading it (and saving it) on every turn cost a store round trip each for nothing.
  const app = new Application({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  const order = turnOrderOf(deps.adapter, deps.log);
  const cards = { adapter: deps.adapter, botAppId: deps.botAppId, ctx: deps.services.ctx, log: deps.log };

  async function eventOf(context: TurnContext): Promise<BotEvent> {
    const activity = context.activity;
    const actor = actorOf(context);
    const conversationKey = await rememberConversation(
      deps.services.ctx.repos,
      TC.getConversationReference(activity),
      actor.id,
      deps.services.ctx.now(),
    );
    const requestId = activity.id ?? `turn-${Date.now()}`;
    const log = deps.log.child({ activityId: requestId, conversationKey, actor: actor.id });
    return {
      actor,
      conversationKey,
      requestId,
      log,
      services: deps.services,
      tenants: deps.tenants,
      links: deps.links,
    };
  }

  app.activity(ActivityTypes.Message, async (context) => {
    if (context.activity.from?.id === context.activity.recipient?.id) return;
    const ev = await eventOf(context);
    // What the command causes in this conversation (an approval card, a summary) goes out after the reply.
    await order.turn(ev.conversationKey, async () => {
      const submit = cardSubmitOf(context.activity);
      if (submit.kind !== 'not-a-submit') return answerSubmit(context, ev, submit);
      const reply = await answerCommand(context, ev);
      const sent = await context.sendActivity({
        type: 'message',
        text: reply.text,
        textFormat: 'markdown',
        attachments: reply.card ? [cardAttachment(reply.card)] : undefined,
      });
      if (reply.batchCard && sent?.id) {
        recordBatchCardAfterReply(cards, context, reply.batchCard, {
          conversationKey: ev.conversationKey,
          activityId: sent.id,
        });
      }
    });
  });

  /** A message with a card's submitted value and no text: the verb it names, or a quiet word. */
  async function answerSubmit(
    context: TurnContext,
    ev: BotEvent,
    submit: Exclude<CardSubmit, { kind: 'not-a-submit' }>,
  ): Promise<void> {
    if (submit.kind === 'outdated') {
      ev.log.info('card submit naming no verb we know');
      // Said only in a personal chat; a channel is not told about someone else's stale card.
      if (context.activity.conversation?.conversationType === 'personal')
        await context.sendActivity({ type: 'message', text: OUTDATED_CARD_TEXT, textFormat: 'markdown' });
      return;
    }
    const answer = await answerAction(submit.verb, submit.data, ev);
    const sent = await context.sendActivity(
      'card' in answer
        ? { type: 'message', attachments: [cardAttachment(answer.card)] }
        : { type: 'message', text: answer.error.message, textFormat: 'plain' },
    );
    if ('card' in answer && answer.batchCard && sent?.id)
      recordBatchCardAfterReply(cards, context, answer.batchCard, {
        conversationKey: ev.conversationKey,
        activityId: sent.id,
      });
  }

  // Installed for a user or in a team: the conversation is recorded, a personal chat greeted once.
  app.addRoute(
    async (context) => installOf(context.activity) !== undefined,
    (context) =>
      handleInstall(context, {
        repos: deps.services.ctx.repos,
        tenants: deps.tenants,
        log: deps.log,
        now: () => deps.services.ctx.now(),
      }),
  );

  app.addRoute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const ev = await eventOf(context);
      const action = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
      const answer = await answerAction(action.action?.verb, action.action?.data, ev);
      // The card answered in place is now a batch card (e.g. a confirmation turned into the batch's card).
      if ('card' in answer && answer.batchCard && context.activity.replyToId) {
        await recordBatchCard(cards, context, answer.batchCard.id, {
          conversationKey: ev.conversationKey,
          activityId: context.activity.replyToId,
        });
      }
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: invokeBody(answer) },
      });
    },
    true,
  );

  app.error(async (context, error) => {
    // A conversation-state save that lost a race (412 from Cosmos) after the reply was sent: nothing to
    // tell the user, and no domain data lives in that state. Anything else is logged as an error.
    const status =
      (error as { code?: number; statusCode?: number }).code ?? (error as { statusCode?: number }).statusCode;
    if (status === 412)
      deps.log.info({ activityId: context.activity.id }, 'conversation state save conflict ignored');
    else deps.log.error({ err: error, activityId: context.activity.id }, 'turn failed');
  });
  return app;
}

async function answerCommand(context: TurnContext, ev: BotEvent): Promise<CommandReply> {
  try {
    const parsed = parseCommand(cleanText(context.activity.text ?? ''));
    if (isFailure(parsed)) {
      const hint = parsed.suggestion
        ? `Did you mean: ${parsed.suggestion.syntax}`
        : 'Say help to see the commands.';
      return failureReply(
        { ok: false, reason: 'invalid', message: `${parsed.error} Say **help** for the list.` },
        hint,
      );
    }
    ev.log.info({ command: parsed.key }, 'command');
    const allowed = await authorizeCommand(parsed, ev);
    if (!allowed.ok) return allowed.reply;
    const file =
      parsed.key === 'batch.create' && !parsed.body.trim() ? csvAttachmentOf(context.activity) : undefined;
    const downloaded = file ? await downloadCsv(file) : undefined;
    if (downloaded && !downloaded.ok) {
      return failureReply({ ok: false, reason: 'invalid', message: downloaded.message });
    }
    return await HANDLERS[parsed.key]({ ...allowed.command, file: downloaded?.bytes }, ev);
  } catch (error) {
    ev.log.error({ err: error, code: (error as { code?: string }).code ?? 'unknown' }, 'command failed');
    return unexpectedReply(ev.requestId);
  }
}

async function answerAction(verb: unknown, data: unknown, ev: BotEvent): Promise<InvokeAnswer> {
  if (!isCardVerb(verb)) {
    return {
      error: {
        code: 'unknown_verb',
        message: 'This card button is not supported by this version of Cutover.',
      },
    };
  }
  const parsed = ACTION_SCHEMAS[verb].safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      error: {
        code: 'bad_card_data',
        message: `The card sent ${issue.path.join('.') || 'data'} that is not valid: ${issue.message}`,
      },
    };
  }
  try {
    ev.log.info({ verb }, 'card action');
    const refusal = await authorizeVerb(verb, parsed.data as never, ev);
    if (refusal) return { card: refusal };
    const handler = ACTION_HANDLERS[verb] as (d: unknown, e: BotEvent) => Promise<InvokeAnswer>;
    return await handler(parsed.data, ev);
  } catch (error) {
    ev.log.error(
      { err: error, verb, code: (error as { code?: string }).code ?? 'unknown' },
      'card action failed',
    );
    return { error: { code: 'unexpected', message: `Something went wrong (ref: ${ev.requestId}).` } };
  }
}

function invokeBody(answer: InvokeAnswer) {
  if ('card' in answer) {
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card };
  }
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: answer.error };
}
