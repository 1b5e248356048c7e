import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Actor } from '../services/model/batch';
import type { Services } from '../services';
import type { TenantsFile } from '../services/config/tenants';
import type { ExportLinks } from './export-links';

/** Everything a command or card handler needs, with no Teams types in sight. */
export interface BotEvent {
  actor: Actor;
  /** Store key of the conversation the event came from. */
  conversationKey: string;
  /** The activity id, used as the correlation id (client-request-id on Exchange calls). */
  requestId: string;
  log: Logger;
  services: Services;
  tenants: TenantsFile;
  links: ExportLinks;
}

export function actorOf(context: TurnContext): Actor {
  const from = context.activity.from;
  // aadObjectId is the Entra object id; it is the only identity roles are bound to.
  return { id: from?.aadObjectId ?? '', name: from?.name };
}
