import type { Recipient } from '../seed/world-types';
import type { MailDeliveryRecord } from '../state/state-schema';
import { badRequest, GraphError } from './graph-error';
import { findGraphUser, type GraphUser } from './graph-directory';
import { graphPage, topOf } from './graph-paging';
import type { GraphRoute, GraphRouteRequest } from './graph-route';

const DEFAULT_TOP = 10;
const MAX_TOP = 1000;
const CONTENT_TYPES = new Map([
  ['html', 'HTML'],
  ['text', 'Text'],
]);
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The sending mailbox: a user or shared mailbox found by object id or UPN. */
function mailboxOf({ tenants, params }: GraphRouteRequest): GraphUser & { user: Recipient } {
  const id = params[0] ?? '';
  const found = findGraphUser(tenants, id);
  if (!found) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`);
  if (found.user.recipientType !== 'Mailbox') {
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  return found;
}

function addressesOf(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`'${field}' must be a collection of recipients.`);
  return value.map((recipient) => {
    const address =
      isObject(recipient) && isObject(recipient.emailAddress) ? recipient.emailAddress.address : undefined;
    if (typeof address !== 'string' || !ADDRESS.test(address.trim())) {
      throw new GraphError(
        400,
        'ErrorInvalidRecipients',
        'At least one recipient is not valid., Recipient is not resolved. All recipients must be resolved before a message can be submitted.',
      );
    }
    return address.trim();
  });
}

function headersOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw badRequest("'internetMessageHeaders' must be a collection.");
  const headers: Record<string, string> = {};
  for (const item of value) {
    const name = isObject(item) ? item.name : undefined;
    const headerValue = isObject(item) ? item.value : undefined;
    if (typeof name !== 'string' || typeof headerValue !== 'string') {
      throw badRequest('Each internet message header needs a name and a value.');
    }
    if (!/^x-/i.test(name)) {
      throw new GraphError(
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${name}' should start with 'x-' or 'X-'.`,
      );
    }
    headers[name] = headerValue;
  }
  return headers;
}

/** The mail in a sendMail body; 400 naming what is wrong. */
function parseSendMail(body: unknown) {
  if (!isObject(body) || !isObject(body.message)) {
    throw new GraphError(400, 'ErrorInvalidRequest', 'The request body must carry a message.');
  }
  const { message } = body;
  const subject = message.subject ?? '';
  if (typeof subject !== 'string') throw badRequest("'subject' must be a string.");
  const mailBody = message.body ?? { contentType: 'Text', content: '' };
  if (!isObject(mailBody) || typeof (mailBody.content ?? '') !== 'string') {
    throw badRequest("'body' must be {contentType, content}.");
  }
  const contentType = CONTENT_TYPES.get(String(mailBody.contentType ?? 'Text').toLowerCase());
  if (!contentType)
    throw badRequest(`'${String(mailBody.contentType)}' is not a body content type (HTML or Text).`);
  const to = addressesOf(message.toRecipients, 'toRecipients');
  const others = [
    ...addressesOf(message.ccRecipients, 'ccRecipients'),
    ...addressesOf(message.bccRecipients, 'bccRecipients'),
  ];
  if (to.length + others.length === 0) {
    throw new GraphError(
      400,
      'ErrorInvalidRecipients',
      'At least one recipient is required, but none were found.',
    );
  }
  const save = body.saveToSentItems ?? true;
  if (typeof save !== 'boolean' && save !== 'true' && save !== 'false') {
    throw badRequest("'saveToSentItems' must be true or false.");
  }
  return {
    subject,
    contentType,
    content: String(mailBody.content ?? ''),
    to,
    headers: headersOf(message.internetMessageHeaders),
    saveToSentItems: save === true || save === 'true',
  };
}

/** A notice id carried in a header whose name mentions it (`x-…notice…`), for the notices page. */
function noticeIdOf(headers: Record<string, string>): string | null {
  const entry = Object.entries(headers).find(([name]) => /notice/i.test(name));
  return entry && entry[1] !== '' ? entry[1] : null;
}

/** POST /users/{sender}/sendMail: sends the mail (202, no body) and keeps it in Sent Items. */
export const sendMailRoute: GraphRoute = {
  method: 'POST',
  pattern: /^\/users\/([^/]+)\/sendMail\/?$/i,
  params: ['user'],
  name: 'POST sendMail',
  handle(request) {
    const { tenant, user } = mailboxOf(request);
    const mail = parseSendMail(request.body);
    request.messaging.recordMail({
      kind: 'mail',
      at: request.now,
      id: request.messaging.nextMailId(request.now),
      sender: user.email,
      to: mail.to,
      subject: mail.subject,
      contentType: mail.contentType,
      body: mail.content,
      headers: mail.headers,
      savedToSentItems: mail.saveToSentItems,
      noticeId: noticeIdOf(mail.headers),
    });
    return { status: 202, body: undefined, tenant };
  },
};

/** The text of `$search="..."` (KQL quotes removed), or null without a search. */
function searchTextOf(url: URL): string | null {
  const raw = url.searchParams.get('$search');
  if (raw === null) return null;
  const text = raw
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();
  if (text === '') throw badRequest('The $search query is empty.');
  return text.toLowerCase();
}

function matches(mail: MailDeliveryRecord, text: string): boolean {
  const haystack = [mail.subject, mail.body, ...Object.values(mail.headers)];
  return haystack.some((part) => part.toLowerCase().includes(text));
}

function messageObject(mail: MailDeliveryRecord, sender: Recipient, select: ReadonlySet<string> | null) {
  const sent = new Date(mail.at).toISOString();
  const full: Record<string, unknown> = {
    id: mail.id,
    createdDateTime: sent,
    sentDateTime: sent,
    subject: mail.subject,
    bodyPreview: mail.body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 255),
    from: { emailAddress: { name: sender.displayName, address: sender.email } },
    toRecipients: mail.to.map((address) => ({ emailAddress: { name: address, address } })),
    internetMessageHeaders: Object.entries(mail.headers).map(([name, value]) => ({ name, value })),
  };
  if (select === null) return full;
  return Object.fromEntries(
    Object.entries(full).filter(([name]) => name === 'id' || select.has(name.toLowerCase())),
  );
}

/**
 * GET /users/{sender}/mailFolders/sentitems/messages[?$search="text"]: the mailbox's sent mail, newest
 * first. The search matches the subject, the body and header values (case-insensitive).
 */
export const sentItemsRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/([^/]+)\/mailFolders\/sentitems\/messages\/?$/i,
  params: ['user'],
  name: 'GET sentItems',
  handle(request) {
    const { tenant, user } = mailboxOf(request);
    const { url, serviceRoot } = request;
    const text = searchTextOf(url);
    const top = topOf(url, DEFAULT_TOP, MAX_TOP);
    const rawSelect = url.searchParams.get('$select');
    const select =
      rawSelect === null ? null : new Set(rawSelect.split(',').map((s) => s.trim().toLowerCase()));
    const mails = request.messaging.sentItemsOf(user.email).filter((m) => text === null || matches(m, text));
    const page = graphPage(
      mails.map((m) => messageObject(m, user, select)),
      url,
      serviceRoot,
      top,
    );
    return {
      tenant,
      body: {
        '@odata.context': `${serviceRoot}/$metadata#users('${user.objectId}')/mailFolders('sentitems')/messages`,
        ...page,
      },
    };
  },
};
