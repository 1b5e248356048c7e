import type {
  AppInstallation,
  DeliveryRecord,
  MailDeliveryRecord,
  PersistedMessaging,
  SimConversation,
  TeamsDeliveryRecord,
} from '../state/state-schema';

/** The most recent deliveries kept (Teams activities and mails together); older ones are dropped. */
export const DELIVERY_LIMIT = 10_000;

/**
 * The fixed second half of every 1:1 chat id (`19:<user>_<bot>@unq.gbl.spaces`): the simulated
 * organisation has one bot, so a user's chat with it is the same whichever catalog app was installed.
 */
const BOT_CHAT_SEGMENT = '2d8c6f1a-4b3e-4f7a-9c5d-8e1f0a2b3c4d';

/** Graph's installation id: base64 of `<user object id>##<catalog app id>`. */
export function installationIdFor(userObjectId: string, teamsAppId: string): string {
  return Buffer.from(`${userObjectId}##${teamsAppId}`, 'utf8').toString('base64');
}

/** The 1:1 chat between a user and the bot, as Graph and the Bot Connector name it. */
export function chatIdFor(userObjectId: string): string {
  return `19:${userObjectId}_${BOT_CHAT_SEGMENT}@unq.gbl.spaces`;
}

/** The Teams user id (`29:…`) the Bot Connector uses for a user: opaque to the bot, derived from the object id. */
export function teamsUserIdFor(userObjectId: string): string {
  return `29:1${Buffer.from(userObjectId, 'utf8').toString('base64url')}`;
}

/** The object id inside a `29:` id this simulator issued; null for anything else. */
export function objectIdOfTeamsUserId(id: string): string | null {
  if (!id.startsWith('29:1')) return null;
  const decoded = Buffer.from(id.slice(4), 'base64url').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(decoded)
    ? decoded.toLowerCase()
    : null;
}

/**
 * What Teams and Exchange mail hold once notices go out: app installations and the 1:1 chats they
 * create, conversations the bot posted into, and every delivered Teams activity and sent mail in order.
 * Kept in the state file, so that a client can check after its own crash whether something went out.
 */
export class MessagingStore {
  /** App installations by user object id. */
  private readonly installations = new Map<string, AppInstallation[]>();
  private readonly conversations = new Map<string, SimConversation>();
  private deliveries: DeliveryRecord[] = [];
  private lastActivityId = 0;
  private mailSequence = 0;

  /** Called after every change (marks the state dirty and saves it when there is a state file). */
  onChange: () => void = () => {};

  installationsOf(userObjectId: string): AppInstallation[] {
    return [...(this.installations.get(userObjectId) ?? [])];
  }

  /** Installs the app for the user; false when it was already installed. Creates the user's 1:1 chat. */
  install(userObjectId: string, tenantId: string, teamsAppId: string, now: number): boolean {
    const id = installationIdFor(userObjectId, teamsAppId);
    const ofUser = this.installations.get(userObjectId) ?? [];
    if (ofUser.some((i) => i.id === id)) return false;
    ofUser.push({ id, userObjectId, teamsAppId, installedAt: now });
    this.installations.set(userObjectId, ofUser);
    const chatId = chatIdFor(userObjectId);
    const known = this.conversations.get(chatId);
    this.conversations.set(chatId, {
      id: chatId,
      userObjectId,
      tenantId,
      createdAt: known?.createdAt ?? now,
    });
    this.onChange();
    return true;
  }

  conversation(id: string): SimConversation | undefined {
    return this.conversations.get(id);
  }

  /** Remembers a conversation the bot posted into without creating it (one it knew from an earlier turn). */
  noteConversation(id: string, tenantId: string | null, now: number): SimConversation {
    const known = this.conversations.get(id);
    if (known) return known;
    const created: SimConversation = { id, userObjectId: null, tenantId, createdAt: now };
    this.conversations.set(id, created);
    this.onChange();
    return created;
  }

  /**
   * A new activity id: milliseconds since the epoch, like the ids of Teams messages in a chat, and
   * strictly increasing so that two sends in the same millisecond never share one.
   */
  nextActivityId(now: number): string {
    this.lastActivityId = Math.max(this.lastActivityId + 1, Math.floor(now));
    return String(this.lastActivityId);
  }

  nextMailId(now: number): string {
    this.mailSequence += 1;
    const raw = `${now}.${this.mailSequence}`;
    return `AAMkAD${Buffer.from(raw, 'utf8').toString('base64url')}`;
  }

  recordTeams(delivery: TeamsDeliveryRecord): void {
    this.push(delivery);
  }

  recordMail(delivery: MailDeliveryRecord): void {
    this.push(delivery);
  }

  private push(delivery: DeliveryRecord): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > DELIVERY_LIMIT) this.deliveries = this.deliveries.slice(-DELIVERY_LIMIT);
    this.onChange();
  }

  /** Every delivery in the order it happened. */
  list(): readonly DeliveryRecord[] {
    return this.deliveries;
  }

  /** The activities delivered into a conversation, newest first. */
  activitiesIn(conversationId: string): TeamsDeliveryRecord[] {
    return this.deliveries
      .filter((d): d is TeamsDeliveryRecord => d.kind === 'teams' && d.conversationId === conversationId)
      .reverse();
  }

  /** The mails a mailbox sent and kept in Sent Items, newest first. */
  sentItemsOf(sender: string): MailDeliveryRecord[] {
    const wanted = sender.toLowerCase();
    return this.deliveries
      .filter(
        (d): d is MailDeliveryRecord =>
          d.kind === 'mail' && d.savedToSentItems && d.sender.toLowerCase() === wanted,
      )
      .reverse();
  }

  toPersisted(): PersistedMessaging {
    return {
      installations: [...this.installations.values()].flat(),
      conversations: [...this.conversations.values()],
      deliveries: this.deliveries,
    };
  }

  restore(persisted: PersistedMessaging | undefined): void {
    this.installations.clear();
    for (const installation of persisted?.installations ?? []) {
      const ofUser = this.installations.get(installation.userObjectId) ?? [];
      ofUser.push(installation);
      this.installations.set(installation.userObjectId, ofUser);
    }
    this.conversations.clear();
    for (const c of persisted?.conversations ?? []) this.conversations.set(c.id, c);
    this.deliveries = persisted?.deliveries ?? [];
    this.lastActivityId = 0;
    for (const d of this.deliveries) {
      if (d.kind === 'teams') this.lastActivityId = Math.max(this.lastActivityId, Number(d.activityId) || 0);
    }
    this.mailSequence = this.deliveries.filter((d) => d.kind === 'mail').length;
  }
}
