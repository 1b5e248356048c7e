import { randomUUID } from 'node:crypto';
import invokeFixture from '../fixtures/invoke.action.json';
import messageFixture from '../fixtures/message.teams.json';

/** Mock users of the local demo (the Agents Playground's users). */
export const USERS = {
  alex: { id: '29:alex', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' },
  megan: { id: '29:megan', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021' },
  adele: { id: '29:adele', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-000000000022' },
  isaiah: { id: '29:isaiah', name: 'Isaiah Langer', aadObjectId: '00000000-0000-0000-0000-000000000023' },
  patti: { id: '29:patti', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-000000000024' },
  /** The hoster's customers (seed 000): each an operator or an approver in one customer tenant only. */
  diego: { id: '29:diego', name: 'Diego Siciliani', aadObjectId: '00000000-0000-0000-0000-000000000025' },
  lynne: { id: '29:lynne', name: 'Lynne Robbins', aadObjectId: '00000000-0000-0000-0000-000000000026' },
  grady: { id: '29:grady', name: 'Grady Archie', aadObjectId: '00000000-0000-0000-0000-000000000027' },
  johanna: { id: '29:johanna', name: 'Johanna Lorenz', aadObjectId: '00000000-0000-0000-0000-000000000028' },
  lee: { id: '29:lee', name: 'Lee Gu', aadObjectId: '00000000-0000-0000-0000-000000000029' },
  miriam: { id: '29:miriam', name: 'Miriam Graham', aadObjectId: '00000000-0000-0000-0000-00000000002a' },
  nestor: { id: '29:nestor', name: 'Nestor Wilke', aadObjectId: '00000000-0000-0000-0000-00000000002b' },
  pradeep: { id: '29:pradeep', name: 'Pradeep Gupta', aadObjectId: '00000000-0000-0000-0000-00000000002c' },
};
export type DemoUser = (typeof USERS)[keyof typeof USERS];

interface Common {
  serviceUrl: string;
  from?: DemoUser;
  conversationId?: string;
}

/** A Teams message activity, shaped like a captured one, with the given text. */
export function makeMessage(options: Common & { text: string }) {
  const from = options.from ?? USERS.alex;
  return {
    ...structuredClone(messageFixture),
    id: `msg-${randomUUID()}`,
    text: options.text,
    entities: messageFixture.entities.filter((e) => e.type !== 'mention'),
    serviceUrl: options.serviceUrl,
    from,
    conversation: {
      ...messageFixture.conversation,
      id: options.conversationId ?? messageFixture.conversation.id,
    },
    timestamp: new Date().toISOString(),
  };
}

/** An adaptiveCard/action invoke, shaped like a captured one. */
export function makeInvoke(options: Common & { verb: string; data: unknown; replyToId?: string }) {
  const from = options.from ?? USERS.alex;
  return {
    ...structuredClone(invokeFixture),
    id: `invoke-${randomUUID()}`,
    serviceUrl: options.serviceUrl,
    from,
    conversation: {
      ...invokeFixture.conversation,
      id: options.conversationId ?? invokeFixture.conversation.id,
    },
    replyToId: options.replyToId ?? invokeFixture.replyToId,
    value: {
      action: { type: 'Action.Execute', title: options.verb, verb: options.verb, data: options.data },
      trigger: 'manual',
    },
    timestamp: new Date().toISOString(),
  };
}

/** POSTs an activity to the bot like the Bot Connector does. */
export async function postActivity(
  botUrl: string,
  activity: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
