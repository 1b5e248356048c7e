import http from 'node:http';
import https from 'node:https';
import type { ConnectorClient } from 'botframework-connector';
import { type RetryPolicy, retry, sleep as realSleep } from '../services/retry/policies';
import { parseRetryAfter } from '../services/retry/retry-after';

/**
 * The Bot Connector calls every command makes: a reply, a message sent into a conversation, and the
 * update of a card. botframework-connector's generated client sends each through a general-purpose
 * pipeline (a mapper-driven serializer, tracing, logging and compatibility layers) that costs several
 * times the call itself; measured in `bench/throughput.ts`, it was most of what a `batch status` cost
 * beyond a bare echo bot. These three go out here as plain JSON over kept-alive connections instead,
 * signed by the client's own credentials (so tokens are fetched, cached and renewed as before), with
 * the same retries as the client's default pipeline. Everything else the client does is unchanged.
 *
 * Not used when an HTTP proxy is configured: the generated client honours it, this does not.
 */

/** The client's own retries: four tries in all, 1 s doubling up to 64 s, a 429's Retry-After first. */
export const CONNECTOR_RETRY: RetryPolicy = { attempts: 4, baseMs: 1_000, capMs: 64_000, jitter: 'full' };

/** How long one call may take before it counts as failed. */
export const CONNECTOR_TIMEOUT_MS = 30_000;

/** Network failures worth another try (the generated client's default pipeline retries them too). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

const USER_AGENT = `Microsoft-BotFramework/3.1 Cutover (Node.js,Version=${process.version})`;

/** A Bot Connector call that failed: its HTTP status (none when no answer came) and the connector's error code. */
export class ConnectorCallError extends Error {
  override readonly name = 'RestError';
  readonly statusCode: number | undefined;
  /** The connector's error code (e.g. `BadArgument`), or the network error's (`ECONNREFUSED`). */
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** What callers of the generated client read: the status and the answer's headers. */
  readonly response: { status: number | undefined; headers: { get(name: string): string | undefined } };

  constructor(
    message: string,
    options: {
      statusCode?: number;
      code?: string;
      retryAfterMs?: number;
      headers?: http.IncomingHttpHeaders;
    },
  ) {
    super(message);
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
    const headers = options.headers ?? {};
    this.response = {
      status: options.statusCode,
      headers: {
        get: (name) => {
          const value = headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
      },
    };
  }
}

/** Whether another try may succeed: throttling, a timeout, a server fault, or no answer at all. */
export function isTransientConnectorFailure(error: unknown): boolean {
  if (!(error instanceof ConnectorCallError)) return false;
  const status = error.statusCode;
  if (status === undefined) return error.code !== undefined && TRANSIENT_CODES.has(error.code);
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Whether the environment names an HTTP proxy (the generated client then stays in charge). */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'].some(
    (name) => Boolean(env[name]) || Boolean(env[name.toLowerCase()]),
  );
}

interface Signable {
  headers: { set(name: string, value: string): void; get(name: string): string | undefined };
}

interface Credentials {
  signRequest(resource: Signable): Promise<unknown>;
}

type Activity = { [key: string]: unknown };

export interface ConnectorTransportOptions {
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ConnectorTransport {
  /**
   * Sends `client`'s replies, messages and card updates through this transport. A client whose
   * credentials cannot sign a request is returned unchanged.
   */
  wrap(client: ConnectorClient, serviceUrl: string): ConnectorClient;
  /** Closes the kept connections. */
  close(): void;
}

export function createConnectorTransport(options: ConnectorTransportOptions = {}): ConnectorTransport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  const policy = options.retryPolicy ?? CONNECTOR_RETRY;
  const timeoutMs = options.timeoutMs ?? CONNECTOR_TIMEOUT_MS;

  async function call(
    credentials: Credentials,
    method: 'POST' | 'PUT',
    url: URL,
    activity: Activity,
  ): Promise<Activity> {
    const body = JSON.stringify(activity);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': USER_AGENT,
    };
    return retry(
      policy,
      async () => {
        // Signed on each try: a token renewed while waiting is picked up.
        await credentials.signRequest({
          headers: {
            set: (name, value) => {
              headers[name.toLowerCase()] = value;
            },
            get: (name) => headers[name.toLowerCase()],
          },
        });
        return send(agents[url.protocol as 'http:' | 'https:'], method, url, headers, body, timeoutMs);
      },
      {
        retryable: isTransientConnectorFailure,
        // A Retry-After is honoured up to the policy's longest wait.
        waitOf: (error) => {
          const wait = (error as ConnectorCallError).retryAfterMs;
          return wait === undefined ? undefined : Math.min(wait, policy.capMs);
        },
        sleep: options.sleep ?? realSleep,
      },
    );
  }

  return {
    wrap(client, serviceUrl) {
      const credentials = (client as unknown as { credentials?: Partial<Credentials> }).credentials;
      if (typeof credentials?.signRequest !== 'function') return client;
      const signer = credentials as Credentials;
      const base = new URL(serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`);
      if (base.protocol !== 'http:' && base.protocol !== 'https:') return client;
      const activities = (conversationId: unknown, activityId?: unknown) => {
        if (typeof conversationId !== 'string' || conversationId === '') {
          throw new TypeError('A Bot Connector call needs a conversation id.');
        }
        const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
        return new URL(
          activityId === undefined ? path : `${path}/${encodeURIComponent(String(activityId))}`,
          base,
        );
      };
      const conversations = client.conversations as unknown as Record<string, unknown>;
      conversations.replyToActivity = (conversationId: string, activityId: string, activity: Activity) =>
        call(signer, 'POST', activities(conversationId, activityId), activity);
      conversations.sendToConversation = (conversationId: string, activity: Activity) =>
        call(signer, 'POST', activities(conversationId), activity);
      conversations.updateActivity = (conversationId: string, activityId: string, activity: Activity) =>
        call(signer, 'PUT', activities(conversationId, activityId), activity);
      return client;
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** One HTTP exchange: the answer's JSON body, or a ConnectorCallError without the URL or any header sent. */
function send(
  agent: http.Agent,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Activity> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) => reject(networkError(error)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        const answer = parseJson(text);
        if (status >= 200 && status < 300) {
          resolve(answer ?? {});
          return;
        }
        const error = (answer as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        const code = typeof error?.code === 'string' ? error.code : undefined;
        const said = typeof error?.message === 'string' ? `: ${error.message.slice(0, 300)}` : '';
        reject(
          new ConnectorCallError(`The Bot Connector answered ${status}${code ? ` ${code}` : ''}${said}`, {
            statusCode: status,
            code,
            retryAfterMs: parseRetryAfter(firstHeader(res.headers['retry-after'])),
            headers: res.headers,
          }),
        );
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => reject(networkError(error)));
    req.end(body);
  });
}

function networkError(error: NodeJS.ErrnoException): ConnectorCallError {
  const code = error.code ?? 'ECONNRESET';
  return new ConnectorCallError(`The Bot Connector could not be reached (${code})`, { code });
}

function parseJson(text: string): Activity | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Activity) : undefined;
  } catch {
    return undefined;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
