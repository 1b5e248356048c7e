import type { IncomingMessage, ServerResponse } from 'node:http';
import { findGraphUser } from '../graph/graph-directory';
import { readBody, sendJson } from '../http/http-io';
import type { ServerContext } from '../http/server-context';
import { noticeIdOf } from '../messaging/card-text';
import { chatIdFor, objectIdOfTeamsUserId, teamsUserIdFor } from '../messaging/messaging-store';
import type { Recipient, Tenant } from '../seed/world-types';
import type { SimConversation } from '../state/state-schema';

export const CONNECTOR_PREFIX = /^\/v3(?=\/|$)/i;

/** Counts requests that name no tenant. */
const NO_TENANT = '(none)';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type JsonObject = Record<string, unknown>;

/** A Bot Connector error answer: `{"error":{"code","message"}}` with this status. */
class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function readActivityBody(req: IncomingMessage): Promise<JsonObject> {
  const raw = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConnectorError(400, 'BadSyntax', 'The request body is not valid JSON.');
  }
  if (!isObject(parsed))
    throw new ConnectorError(400, 'BadSyntax', 'The request body must be a JSON object.');
  return parsed;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The user a conversation member names: an Entra object id, a `29:` id, or `8:orgid:<object id>`. */
function memberUser(
  tenants: readonly Tenant[],
  member: unknown,
): { tenant: Tenant; user: Recipient } | undefined {
  if (!isObject(member)) return undefined;
  const candidates = [text(member.aadObjectId), text(member.id)].filter((c): c is string => c !== undefined);
  for (const candidate of candidates) {
    const objectId = candidate.startsWith('29:')
      ? objectIdOfTeamsUserId(candidate)
      : candidate.replace(/^8:orgid:/i, '');
    if (objectId && GUID.test(objectId)) {
      const found = findGraphUser(tenants, objectId);
      if (found) return found;
    }
  }
  return undefined;
}

/** Serves the Bot Connector REST API (`/v3/conversations...`) a bot uses to create 1:1 chats and post into them. */
export class ConnectorService {
  constructor(private readonly context: ServerContext) {}

  private get limits() {
    return this.context.connectorLimits;
  }

  private limitsNow(): number {
    return this.context.connectorNow();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await this.route(req, res, url);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    if (/^\/v3\/conversations$/i.test(path)) {
      if (method !== 'POST') throw notAllowed();
      return this.createConversation(req, res);
    }
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/i.exec(path);
    if (activities?.[1]) {
      if (method !== 'POST') throw notAllowed();
      const replyTo = activities[2] === undefined ? null : decodeSegment(activities[2]);
      return this.postActivity(req, res, decodeSegment(activities[1]), replyTo);
    }
    const members = /^\/v3\/conversations\/([^/]+)\/members$/i.exec(path);
    if (members?.[1]) {
      if (method !== 'GET') throw notAllowed();
      return this.listMembers(res, decodeSegment(members[1]));
    }
    throw new ConnectorError(404, 'NotFound', `No route for ${method} ${url.pathname}.`);
  }

  /** POST /v3/conversations: the 1:1 chat of a user who has the app installed. */
  private async createConversation(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readActivityBody(req);
    if (body.isGroup === true) {
      throw new ConnectorError(400, 'BadArgument', 'A bot can only create one-on-one conversations.');
    }
    const members = Array.isArray(body.members) ? body.members : [];
    if (members.length !== 1) {
      throw new ConnectorError(400, 'BadArgument', 'A one-on-one conversation needs exactly one member.');
    }
    const found = memberUser(this.context.state.tenants, members[0]);
    const named =
      text(body.tenantId) ?? text(isObject(body.channelData) ? tenantIdOf(body.channelData) : undefined);
    if (!found || (named !== undefined && named.toLowerCase() !== found.tenant.id)) {
      throw new ConnectorError(400, 'BadArgument', 'Invalid user identity in provided tenant.');
    }
    const { tenant, user } = found;
    const { messaging } = this.context.state;
    if (messaging.installationsOf(user.objectId).length === 0) {
      throw new ConnectorError(
        403,
        'Forbidden',
        'The bot is not installed for the user, so it cannot start a chat.',
      );
    }
    const now = this.limitsNow();
    this.admitOrRefuse(null, tenant.id, now);
    const conversationId = chatIdFor(user.objectId);
    const conversation =
      messaging.conversation(conversationId) ??
      messaging.noteConversation(conversationId, tenant.id, this.context.now());
    this.limits.countCreated();
    let activityId: string | undefined;
    if (isObject(body.activity)) activityId = this.deliver(conversation, body.activity, null, tenant.id);
    this.context.persist();
    sendJson(res, 201, { id: conversationId, ...(activityId ? { activityId } : {}) });
  }

  /** POST /v3/conversations/{id}/activities[/{replyToId}]: delivers the activity unless a limit or a fault refuses it. */
  private async postActivity(
    req: IncomingMessage,
    res: ServerResponse,
    conversationId: string,
    replyToId: string | null,
  ): Promise<void> {
    const { faults } = this.context;
    const retryAfter = faults.takeConnectorThrottle();
    if (retryAfter !== null) {
      this.limits.countRefused('injected');
      throw throttled(retryAfter);
    }
    const status = faults.takeConnectorError();
    if (status !== null) {
      this.limits.countFailed();
      throw new ConnectorError(status, 'ServiceError', 'The service is temporarily unavailable.');
    }
    const activity = await readActivityBody(req);
    const known = this.context.state.messaging.conversation(conversationId);
    const tenantId =
      text(isObject(activity.conversation) ? activity.conversation.tenantId : undefined) ??
      text(isObject(activity.channelData) ? tenantIdOf(activity.channelData) : undefined) ??
      known?.tenantId ??
      null;
    this.admitOrRefuse(conversationId, tenantId ?? NO_TENANT, this.limitsNow());
    const conversation =
      known ?? this.context.state.messaging.noteConversation(conversationId, tenantId, this.context.now());
    const activityId = this.deliver(conversation, activity, replyToId, tenantId);
    this.context.persist();
    sendJson(res, 201, { id: activityId });
  }

  /** GET /v3/conversations/{id}/members: the user of a 1:1 chat, with the `29:` id the connector gives them. */
  private listMembers(res: ServerResponse, conversationId: string): void {
    const conversation = this.context.state.messaging.conversation(conversationId);
    if (!conversation)
      throw new ConnectorError(404, 'ConversationNotFound', 'The conversation does not exist.');
    const found =
      conversation.userObjectId === null
        ? undefined
        : findGraphUser(this.context.state.tenants, conversation.userObjectId);
    sendJson(
      res,
      200,
      found
        ? [
            {
              id: teamsUserIdFor(found.user.objectId),
              name: found.user.displayName,
              aadObjectId: found.user.objectId,
              email: found.user.email,
              userPrincipalName: found.user.userPrincipalName,
              tenantId: found.tenant.id,
              userRole: 'user',
            },
          ]
        : [],
    );
  }

  /** Counts the request against the limits, or answers 429 with Retry-After when one is reached. */
  private admitOrRefuse(conversationId: string | null, tenant: string, now: number): void {
    const check = this.limits.check(conversationId, tenant, now);
    if (!check.ok) {
      this.limits.countRefused(check.reason);
      throw throttled(check.retryAfterSeconds);
    }
    this.limits.admit(conversationId, tenant, now);
  }

  private deliver(
    conversation: SimConversation,
    activity: JsonObject,
    replyToId: string | null,
    tenantId: string | null,
  ): string {
    const { messaging } = this.context.state;
    const at = this.context.now();
    const activityId = messaging.nextActivityId(at);
    const attachments = Array.isArray(activity.attachments) ? (activity.attachments as unknown[]) : [];
    messaging.recordTeams({
      kind: 'teams',
      at,
      conversationId: conversation.id,
      activityId,
      replyToId,
      tenantId: tenantId ?? conversation.tenantId,
      recipient: this.recipientOf(conversation, activity),
      text: text(activity.text) ?? null,
      summary: text(activity.summary) ?? null,
      attachments,
      noticeId: noticeIdOf(attachments),
    });
    this.limits.countSent();
    return activityId;
  }

  /** The user's UPN when the conversation or the activity names a known user; else the recipient as named. */
  private recipientOf(conversation: SimConversation, activity: JsonObject): string | null {
    const { tenants } = this.context.state;
    if (conversation.userObjectId !== null) {
      const found = findGraphUser(tenants, conversation.userObjectId);
      if (found) return found.user.userPrincipalName;
    }
    const recipient = isObject(activity.recipient) ? activity.recipient : undefined;
    const found = memberUser(tenants, recipient);
    if (found) return found.user.userPrincipalName;
    return text(recipient?.name) ?? text(recipient?.id) ?? null;
  }
}

function tenantIdOf(channelData: JsonObject): string | undefined {
  return isObject(channelData.tenant) ? text(channelData.tenant.id) : undefined;
}

function throttled(retryAfterSeconds: number): ConnectorError {
  return new ConnectorError(
    429,
    'Throttled',
    'Too many requests: the bot has reached a Teams rate limit. Retry after the Retry-After interval.',
    { 'retry-after': String(retryAfterSeconds) },
  );
}

function notAllowed(): ConnectorError {
  return new ConnectorError(
    405,
    'MethodNotAllowed',
    'The requested method is not allowed for this resource.',
  );
}
