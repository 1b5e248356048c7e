import { GraphError, GraphNotFoundError, GraphTransportError } from './graph-error';
import { ProviderInputError, requireIdentity } from '../provider-input-error';
import type { CallOptions } from '../migration-provider';
import { type GraphHttpOptions, graphRequest } from './graph-http';

/**
 * What notices to migrated users need from Microsoft Graph: the user's object id, installing the Teams
 * app for a user and finding the 1:1 chat that creates, sending mail, and checking after a crash
 * whether a mail or a Teams message already went out.
 */
export interface GraphNotices {
  /** The user's Entra object id, null when Graph does not know the user. */
  userId(user: string, call?: CallOptions): Promise<string | null>;
  /** Installs the app for the user (409 = already installed is success); the 1:1 chat id with the bot. */
  installAndGetChat(user: string, catalogAppId: string, call?: CallOptions): Promise<{ chatId: string }>;
  sendMail(sender: string, mail: NoticeMail, call?: CallOptions): Promise<void>;
  /** Whether a sent mail contains this text (subject, body or header). */
  mailSent(sender: string, text: string, call?: CallOptions): Promise<boolean>;
  /** Whether one of the latest messages of a chat contains this text (anywhere in body or attachments). */
  chatHas(chatId: string, text: string, call?: CallOptions): Promise<boolean>;
}

export interface NoticeMail {
  to: string;
  subject: string;
  html: string;
  /** Internet message headers; Graph accepts only names that start with `x-`. */
  headers?: Record<string, string>;
}

export type GraphNoticesOptions = GraphHttpOptions;

const GET_USER = 'GET /users/{id}';
const INSTALL_APP = 'POST /users/{id}/teamwork/installedApps';
const LIST_INSTALLED_APPS = 'GET /users/{id}/teamwork/installedApps';
const INSTALLED_APP_CHAT = 'GET /users/{id}/teamwork/installedApps/{id}/chat';
const SEND_MAIL = 'POST /users/{id}/sendMail';
const SENT_ITEMS = 'GET /users/{id}/mailFolders/sentitems/messages';
const CHAT_MESSAGES = 'GET /chats/{id}/messages';
/** Graph's largest page of chat messages: the latest 50 are read. */
const CHAT_PAGE = 50;

type JsonObject = Record<string, unknown>;

function objectOf(operation: string, body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphTransportError(operation, 'the answer is not a JSON object');
  }
  return body as JsonObject;
}

function stringField(operation: string, item: JsonObject, name: string): string {
  const value = item[name];
  if (typeof value !== 'string' || value === '')
    throw new GraphTransportError(operation, `the answer has no ${name}`);
  return value;
}

function itemsOf(operation: string, body: unknown): JsonObject[] {
  const value = objectOf(operation, body).value;
  if (!Array.isArray(value)) throw new GraphTransportError(operation, 'the answer has no value array');
  return value.filter((v): v is JsonObject => typeof v === 'object' && v !== null);
}

/** A search term as a KQL phrase; a double quote cannot be searched for. */
function searchPhrase(operation: string, text: string): string {
  const term = requireIdentity(operation, text, '$search');
  if (term.includes('"'))
    throw new ProviderInputError(operation, '$search', 'must not contain a double quote');
  return `"${term}"`;
}

/** The 409 Graph answers when the app is already installed for the user. */
function alreadyInstalled(err: unknown): boolean {
  return err instanceof GraphError && err.status === 409;
}

/** Graph calls for notices to migrated users, over graphRequest (its retries and typed errors). */
export function createGraphNotices(options: GraphNoticesOptions): GraphNotices {
  const userPath = (operation: string, user: string) =>
    `/v1.0/users/${encodeURIComponent(requireIdentity(operation, user, 'user'))}`;

  return {
    async userId(user, call) {
      try {
        const { body } = await graphRequest(
          options,
          { method: 'GET', path: userPath(GET_USER, user), operation: GET_USER },
          call,
        );
        return stringField(GET_USER, objectOf(GET_USER, body), 'id');
      } catch (err) {
        if (err instanceof GraphNotFoundError) return null;
        throw err;
      }
    },

    async installAndGetChat(user, catalogAppId, call) {
      const base = `${userPath(INSTALL_APP, user)}/teamwork/installedApps`;
      const appId = requireIdentity(INSTALL_APP, catalogAppId, 'teamsApp');
      if (appId.includes("'"))
        throw new ProviderInputError(INSTALL_APP, 'teamsApp', 'must not contain a quote');
      try {
        await graphRequest(
          options,
          {
            method: 'POST',
            path: base,
            body: {
              'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(appId)}`,
            },
            operation: INSTALL_APP,
          },
          call,
        );
      } catch (err) {
        if (!alreadyInstalled(err)) throw err;
      }
      const filter = encodeURIComponent(`teamsApp/id eq '${appId}'`);
      const listed = await graphRequest(
        options,
        {
          method: 'GET',
          path: `${base}?$expand=teamsApp&$filter=${filter}`,
          operation: LIST_INSTALLED_APPS,
        },
        call,
      );
      const installation = itemsOf(LIST_INSTALLED_APPS, listed.body)[0];
      if (!installation) {
        throw new GraphTransportError(
          LIST_INSTALLED_APPS,
          'the app is not listed as installed after installing it',
        );
      }
      const installationId = stringField(LIST_INSTALLED_APPS, installation, 'id');
      const chat = await graphRequest(
        options,
        {
          method: 'GET',
          path: `${base}/${encodeURIComponent(installationId)}/chat`,
          operation: INSTALLED_APP_CHAT,
        },
        call,
      );
      return { chatId: stringField(INSTALLED_APP_CHAT, objectOf(INSTALLED_APP_CHAT, chat.body), 'id') };
    },

    async sendMail(sender, mail, call) {
      const to = requireIdentity(SEND_MAIL, mail.to, 'to');
      const headers = Object.entries(mail.headers ?? {}).map(([name, value]) => ({ name, value }));
      await graphRequest(
        options,
        {
          method: 'POST',
          path: `${userPath(SEND_MAIL, sender)}/sendMail`,
          body: {
            message: {
              subject: mail.subject,
              body: { contentType: 'HTML', content: mail.html },
              toRecipients: [{ emailAddress: { address: to } }],
              ...(headers.length > 0 ? { internetMessageHeaders: headers } : {}),
            },
            saveToSentItems: true,
          },
          operation: SEND_MAIL,
          idempotent: false,
        },
        call,
      );
    },

    async mailSent(sender, text, call) {
      const search = encodeURIComponent(searchPhrase(SENT_ITEMS, text));
      const { body } = await graphRequest(
        options,
        {
          method: 'GET',
          path: `${userPath(SENT_ITEMS, sender)}/mailFolders/sentitems/messages?$search=${search}&$select=id&$top=1`,
          operation: SENT_ITEMS,
        },
        call,
      );
      return itemsOf(SENT_ITEMS, body).length > 0;
    },

    async chatHas(chatId, text, call) {
      const id = encodeURIComponent(requireIdentity(CHAT_MESSAGES, chatId, 'chat'));
      const wanted = requireIdentity(CHAT_MESSAGES, text, 'text');
      let messages: JsonObject[];
      try {
        const { body } = await graphRequest(
          options,
          { method: 'GET', path: `/v1.0/chats/${id}/messages?$top=${CHAT_PAGE}`, operation: CHAT_MESSAGES },
          call,
        );
        messages = itemsOf(CHAT_MESSAGES, body);
      } catch (err) {
        if (err instanceof GraphNotFoundError) return false; // no such chat: nothing was posted into it
        throw err;
      }
      return messages.some((message) => messageTexts(message).some((part) => contains(part, wanted)));
    },
  };
}

/** The body and every attachment's content and name of a chat message. */
function messageTexts(message: JsonObject): string[] {
  const parts: string[] = [];
  const body = message.body as { content?: unknown } | undefined;
  if (typeof body?.content === 'string') parts.push(body.content);
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  for (const attachment of attachments as { content?: unknown; name?: unknown }[]) {
    if (typeof attachment?.content === 'string') parts.push(attachment.content);
    if (typeof attachment?.name === 'string') parts.push(attachment.name);
  }
  return parts;
}

/** The text as written, as escaped inside a JSON string (card content) or as escaped in HTML (the body). */
function contains(haystack: string, text: string): boolean {
  const html = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return [text, JSON.stringify(text).slice(1, -1), html].some((form) => haystack.includes(form));
}
