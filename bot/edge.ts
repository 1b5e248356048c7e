import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';

/**
 * POST /api/messages, answered by us rather than by CloudAdapter.process, which sends an exception's
 * message (an upstream URL, a library's wording) as the body and answers 500 when a token's signature
 * does not verify or the signing keys cannot be fetched. Here:
 * - a body that is not an activity: 400 with a fixed reason;
 * - a token that fails validation for any reason (missing, malformed, expired, wrong audience, unknown
 *   key, keys that cannot be fetched): 401 with a fixed text; the cause is logged, the key-fetch
 *   failure as an error;
 * - a fault of ours while running the turn: 500 with a reference only.
 */
export async function processAtEdge(
  adapter: CloudAdapter,
  req: Request,
  res: Response,
  /** The turn; resolves false when no route took the activity (teams-ai's Application.run). */
  logic: (context: TurnContext) => Promise<unknown>,
  log: Logger,
): Promise<void> {
  const problem = activityProblem(req.body);
  if (problem) {
    log.info({ problem }, 'request refused: not an activity');
    return answer(res, 400, { error: { code: 'bad_request', message: `Not a valid activity: ${problem}.` } });
  }
  const activity = withDates(req.body as Record<string, unknown>);
  const header = req.headers.authorization;
  const authHeader = typeof header === 'string' ? header : '';
  let auth: AuthenticateRequestResult;
  try {
    auth = await authenticationOf(adapter).authenticateRequest(activity, authHeader);
  } catch (error) {
    if (isKeyFetchFailure(error))
      log.error({ err: error }, 'request refused: the token signing keys could not be fetched');
    else log.info({ reason: reasonOf(error) }, 'request refused: token not valid');
    return answer(res, 401, { error: { code: 'unauthorized', message: 'The request is not authorized.' } });
  }
  const ref = typeof activity.id === 'string' ? activity.id.slice(0, 100) : 'none';
  const internal = { error: { code: 'internal', message: 'The request could not be processed.' } };
  try {
    let handled: unknown;
    const result = await turnRunnerOf(adapter)(auth, activity, async (context) => {
      handled = await logic(context);
    });
    // An invoke nobody answered: one we do not support (no route took it), or a turn that failed.
    if (result?.status === 501 && activity.type === 'invoke') {
      if (handled === false)
        return answer(res, 400, { error: { code: 'unsupported', message: 'This invoke is not supported.' } });
      log.error({ activityId: ref }, 'invoke failed without an answer');
      return answer(res, 500, internal);
    }
    res.status(result?.status ?? 200);
    if (result?.body !== undefined) res.send(result.body);
    res.end();
  } catch (error) {
    log.error({ err: error, activityId: ref }, 'request failed');
    if (!res.headersSent) answer(res, 500, internal);
  }
}

function answer(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.send(body);
  res.end();
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 4096): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** What makes a body unusable as an activity (a fixed phrase, never the input), or undefined. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (!isText(body.type, 100)) return 'type must be a non-empty string';
  if (!isText(body.serviceUrl, 2048) || !isHttpUrl(body.serviceUrl))
    return 'serviceUrl must be an http(s) URL';
  if (!isText(body.channelId, 100)) return 'channelId must be a non-empty string';
  // Conversation ids go into a header of every reply: printable ASCII, as Teams sends them.
  if (
    !isObject(body.conversation) ||
    !isText(body.conversation.id) ||
    !/^[\x21-\x7e]+$/.test(body.conversation.id)
  )
    return 'conversation.id must be a non-empty string of printable characters';
  if (!isObject(body.from) || !isText(body.from.id, 1024)) return 'from.id must be a non-empty string';
  if (!isObject(body.recipient) || !isText(body.recipient.id, 1024))
    return 'recipient.id must be a non-empty string';
  for (const [name, value] of optionalTexts(body))
    if (value !== undefined && value !== null && typeof value !== 'string') return `${name} must be a string`;
  for (const name of ['attachments', 'entities', 'membersAdded', 'membersRemoved'] as const) {
    const list = body[name];
    if (list !== undefined && (!Array.isArray(list) || !list.every(isObject)))
      return `${name} must be a list of objects`;
  }
  const isGroup = (body.conversation as Record<string, unknown>).isGroup;
  if (isGroup !== undefined && isGroup !== null && typeof isGroup !== 'boolean')
    return 'conversation.isGroup must be true or false';
  if (Array.isArray(body.entities) && !body.entities.every(isEntity))
    return 'each entity must have a type (and a mention, its text and who is mentioned)';
  if (Array.isArray(body.entities) && body.entities.some(isMention) && typeof body.text !== 'string')
    return 'a message that mentions someone must have text';
  if (body.channelData !== undefined && body.channelData !== null && !isObject(body.channelData))
    return 'channelData must be an object';
  return undefined;
}

const isMention = (entity: Record<string, unknown>) =>
  typeof entity.type === 'string' && entity.type.toLowerCase() === 'mention';

/** An entity as the SDK reads it: a type; a mention also names who (an id) and its text. */
function isEntity(entity: Record<string, unknown>): boolean {
  if (typeof entity.type !== 'string') return false;
  if (entity.type.toLowerCase() !== 'mention') return true;
  return (
    isObject(entity.mentioned) && typeof entity.mentioned.id === 'string' && typeof entity.text === 'string'
  );
}

/** Fields the SDK and our routes read as text when they are there. */
function optionalTexts(body: Record<string, unknown>): [string, unknown][] {
  const from = body.from as Record<string, unknown>;
  const conversation = body.conversation as Record<string, unknown>;
  const recipient = isObject(body.recipient) ? body.recipient : {};
  return [
    ['id', body.id],
    ['name', body.name],
    ['text', body.text],
    ['action', body.action],
    ['replyToId', body.replyToId],
    ['locale', body.locale],
    ['from.name', from.name],
    ['from.aadObjectId', from.aadObjectId],
    ['recipient.name', recipient.name],
    ['conversation.conversationType', conversation.conversationType],
    ['conversation.tenantId', conversation.tenantId],
    ['conversation.name', conversation.name],
    ['conversation.aadObjectId', conversation.aadObjectId],
    ['conversation.role', conversation.role],
    ['from.role', from.role],
    ['recipient.aadObjectId', recipient.aadObjectId],
    ['recipient.role', recipient.role],
  ];
}

/** As CloudAdapter does: the timestamps as dates, their raw text kept. */
function withDates(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = body[field];
    if (typeof value !== 'string') {
      delete body[field];
      continue;
    }
    const date = new Date(value);
    body[raw] = value;
    if (Number.isNaN(date.getTime())) delete body[field];
    else body[field] = date;
  }
  return body as unknown as Activity;
}

/** The adapter's own token validation (configured by its constructor). */
function authenticationOf(adapter: CloudAdapter): BotFrameworkAuthentication {
  const auth = (adapter as unknown as { botFrameworkAuthentication?: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  if (!auth) throw new Error('adapter has no Bot Framework authentication');
  return auth;
}

/** CloudAdapter's own turn pipeline, given the request's already-validated identity. */
function turnRunnerOf(adapter: CloudAdapter) {
  const inner = adapter as unknown as {
    processActivity(
      auth: AuthenticateRequestResult,
      activity: Activity,
      logic: (context: TurnContext) => Promise<void>,
    ): Promise<{ status: number; body?: unknown } | undefined>;
  };
  return inner.processActivity.bind(adapter);
}

/** The OpenID metadata or its keys could not be loaded (unreachable, an error status, not JSON). */
function isKeyFetchFailure(error: unknown): boolean {
  const e = error as { name?: string; message?: string; type?: string; code?: string };
  if (/Failed to load (Keys|openID config)/.test(e?.message ?? '')) return true;
  return e?.name === 'FetchError' || e?.type === 'system' || e?.type === 'invalid-json';
}

function reasonOf(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${String(e?.message ?? error).slice(0, 200)}`;
}

/** restify's answer to a body that does not parse names the parser's complaint; keep the status only. */
export function hideParserDetail(
  _req: Request,
  _res: Response,
  error: { name?: string; statusCode?: number; toJSON?: () => unknown },
  next: () => void,
): void {
  if (error.statusCode === 400 && error.name === 'InvalidContentError')
    error.toJSON = () => ({
      code: 'bad_request',
      message: 'Not a valid activity: the body is not valid JSON.',
    });
  next();
}
