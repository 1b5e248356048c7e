import { type TurnContext, TurnContext as TC } from 'botbuilder';
import type { Logger } from 'pino';
import { cardAttachment, welcomeCard } from '../cards';
import { ROLES, rolesOf, type TenantsFile } from '../services/config/tenants';
import type { Repositories } from '../services/store/repositories';
import { conversationKnown, rememberConversation } from './conversations';
import { AlreadyExistsError } from '../services/errors';
import { actorOf } from './event';
import { installOf } from './install';

/**
 * Cutover was installed for a user or in a team: the conversation is recorded, so that notices and
 * batch posts can reach people who never wrote to the bot (a 1:1 chat is also kept under the user's
 * key), and a personal chat seen for the first time gets the welcome card. A team or group chat gets
 * nothing: a bot that talks in a channel nobody asked it to is noise.
 */
export async function handleInstall(
  context: TurnContext,
  deps: { repos: Repositories; tenants: TenantsFile; log: Logger; now: () => Date },
): Promise<void> {
  const scope = installOf(context.activity);
  if (!scope) return;
  const activity = context.activity;
  const actor = actorOf(context);
  const known = await conversationKnown(deps.repos, activity.conversation.id);
  const key = await rememberConversation(
    deps.repos,
    TC.getConversationReference(activity),
    actor.id || undefined,
    deps.now(),
  );
  deps.log.info({ conversationKey: key, scope, type: activity.type, known }, 'installed');
  if (scope !== 'personal' || known) return;
  // Teams sends installationUpdate and conversationUpdate for one install, often at the same moment
  // (and perhaps to two instances): whoever records the greeting first sends it.
  if (!(await claimGreeting(deps.repos, key, deps.now()))) return;
  const card = welcomeCard({
    tenants: deps.tenants.tenants.map((t) => {
      const roles = rolesOf(deps.tenants, t.id, actor.id);
      return { name: t.displayName, roles: ROLES.filter((r) => roles.has(r)) };
    }),
  });
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}

/** Records that a conversation was greeted; false when it already was. */
async function claimGreeting(repos: Repositories, key: string, now: Date): Promise<boolean> {
  const id = `greeted-${key}`;
  try {
    await repos.conversations.create({
      id,
      pk: id,
      type: 'conversation',
      reference: null,
      updatedAt: now.toISOString(),
    });
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
}
