import { expect } from 'vitest';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from './activities';
import { expectValidCard } from './card-schema';
import { cardOf, eventually, latestApprovalCard } from './cutover';
import type { Stack } from './stack';

/**
 * Talking to the bot of a stack as a Teams user would: a message and its reply, a card action, and an
 * approver approving the newest approval card.
 */
export function chatWith(stack: Pick<Stack, 'bot' | 'connector'>) {
  // Read at each call: a test builds this before its stack starts.
  const say = (text: string, from: DemoUser = USERS.alex) =>
    postActivity(stack.bot.url, makeMessage({ text, from, serviceUrl: stack.connector.url }));
  const invoke = (verb: string, data: unknown, from: DemoUser = USERS.alex) =>
    postActivity(stack.bot.url, makeInvoke({ verb, data, from, serviceUrl: stack.connector.url }));
  /** Says something and returns the reply to it (its text and card), and where the calls stood before. */
  async function ask(text: string, from: DemoUser = USERS.alex) {
    const { connector } = stack;
    const mark = connector.calls.length;
    await say(text, from);
    const reply = await eventually(
      () => connector.calls.slice(mark).find((c) => c.kind === 'reply' && c.body.type === 'message'),
      10_000,
      `the reply to ${text.split('\n')[0]}`,
    );
    const hasCard = Array.isArray(reply.body.attachments) && reply.body.attachments.length > 0;
    return { text: String(reply.body.text ?? ''), card: hasCard ? cardOf(reply.body) : undefined, mark };
  }
  /** Megan approves the newest approval card posted since `mark`. */
  async function approveLatest(mark: number) {
    const approval = await eventually(
      () => latestApprovalCard(stack.connector.calls.slice(mark)),
      10_000,
      'the approval card',
    );
    expectValidCard(approval.card);
    const approved = await invoke('approval.approve', approval.approve, USERS.megan);
    expect((approved.body as { statusCode: number }).statusCode).toBe(200);
    return approval.card;
  }
  return { say, invoke, ask, approveLatest };
}
