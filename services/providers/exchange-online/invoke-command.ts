import type { TokenCredential } from '@azure/identity';
import type { Logger } from 'pino';
import { ExchangeAuthError, ExchangeThrottledError, ExchangeTransportError } from '../../errors';
import { recordThrottled } from '../../telemetry';
import {
  acquireToken,
  networkError,
  type ProviderFailures,
  requestIdOf,
  sameOriginUrl,
  sendRequest,
} from '../http';
import type { CallOptions } from '../migration-provider';
import { classifyAnswer, type InvokeOutcome } from './invoke-answer';
import { backoffDelay } from './retry-timing';

/** InvokeCommand's failures without an answer to read: Exchange's typed errors. */
const EXCHANGE_FAILURES: ProviderFailures<ExchangeTransportError> = {
  noToken: (cmdlet, detail) => new ExchangeAuthError(401, cmdlet, detail, 'TokenRequestFailed'),
  transport: (cmdlet, detail, status) => new ExchangeTransportError(cmdlet, detail, status),
};

export interface InvokeCommandClientOptions {
  /** e.g. https://outlook.office365.com, or the simulator's url. */
  baseUrl: string;
  /** Tenant GUID or <name>.onmicrosoft.com. */
  tenant: string;
  credential: TokenCredential;
  /** Default https://outlook.office365.com/.default. */
  scope?: string;
  fetch?: typeof fetch;
  /** Sent as X-ClientApplication; default 'Cutover'. */
  clientApplication?: string;
  /** Default 5. */
  maxAttempts?: number;
  /** Cap on an honoured Retry-After (and on backoff), default 120. */
  maxRetryAfterSeconds?: number;
  /** Backoff base, default 500. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

export type CmdletParameters = Record<string, unknown>;
export type ExchangeObject = Record<string, unknown>;

export interface InvokePageOptions {
  /** The previous page's @odata.nextLink. */
  nextLink?: string;
  /** Prefer: odata.maxpagesize, 1 to 1000 (default 1000). */
  pageSize?: number;
}

export interface InvokeCommandPage {
  value: ExchangeObject[];
  nextLink?: string;
}

/** A cmdlet's objects with the warnings Exchange gave beside them (`@adminapi.warnings`, every page). */
export interface InvokeCommandResult {
  value: ExchangeObject[];
  warnings: string[];
}

export interface InvokeCommandClient {
  /** Runs a cmdlet and follows @odata.nextLink to the end. */
  invoke(cmdlet: string, parameters: CmdletParameters, callOptions?: CallOptions): Promise<ExchangeObject[]>;
  /** As invoke, keeping Exchange's warnings (a cmdlet that did its work but left something out says so there). */
  invokeWithWarnings(
    cmdlet: string,
    parameters: CmdletParameters,
    callOptions?: CallOptions,
  ): Promise<InvokeCommandResult>;
  /** Runs a cmdlet (or continues it from nextLink) and returns one page. */
  invokePage(
    cmdlet: string,
    parameters: CmdletParameters,
    page?: InvokePageOptions,
    callOptions?: CallOptions,
  ): Promise<InvokeCommandPage>;
}

const SYSTEM_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** App-only anchor: APP:…@<tenantGuid> for a GUID tenant, UPN:…@<tenant>.onmicrosoft.com otherwise. */
export function anchorMailbox(tenant: string): string {
  return GUID.test(tenant) ? `APP:${SYSTEM_MAILBOX}@${tenant}` : `UPN:${SYSTEM_MAILBOX}@${tenant}`;
}

function clampPageSize(size: number | undefined): number {
  if (size === undefined || !Number.isFinite(size)) return 1000;
  return Math.min(1000, Math.max(1, Math.floor(size)));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createInvokeCommandClient(options: InvokeCommandClientOptions): InvokeCommandClient {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/adminapi/beta/${encodeURIComponent(options.tenant)}/InvokeCommand`;
  const scope = options.scope ?? 'https://outlook.office365.com/.default';
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const capMs = (options.maxRetryAfterSeconds ?? 120) * 1000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const log = options.logger?.child({ component: 'exchange-online', tenant: options.tenant });

  const getToken = (cmdlet: string, signal?: AbortSignal) =>
    acquireToken(options.credential, scope, cmdlet, EXCHANGE_FAILURES, signal);
  const resolveNextLink = (cmdlet: string, link: string) =>
    sameOriginUrl(cmdlet, link, endpoint, EXCHANGE_FAILURES);

  async function send(
    cmdlet: string,
    url: string,
    parameters: CmdletParameters,
    pageSize: number,
    call: CallOptions,
  ): Promise<{ page: InvokeCommandPage; warnings: string[] }> {
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      const requestId = requestIdOf(call);
      const token = await getToken(cmdlet, call.signal);
      const started = Date.now();
      let outcome: InvokeOutcome;
      try {
        const response = await sendRequest({
          engine: 'exchange',
          operation: cmdlet,
          url,
          method: 'POST',
          token,
          requestId,
          headers: {
            'Content-Type': 'application/json',
            'X-AnchorMailbox': anchorMailbox(options.tenant),
            'X-CmdletName': cmdlet,
            'X-ResponseFormat': 'json',
            Prefer: `odata.maxpagesize=${pageSize}`,
            'X-ClientApplication': options.clientApplication ?? 'Cutover',
          },
          body,
          signal: call.signal,
          fetch: options.fetch,
        });
        outcome = classifyAnswer(cmdlet, response, token, capMs);
        log?.debug(
          { cmdlet, requestId, attempt, status: response.status, ms: Date.now() - started },
          'InvokeCommand',
        );
        if (response.status !== 429 && !outcome.ok && outcome.error instanceof ExchangeThrottledError)
          recordThrottled('exchange', cmdlet);
      } catch (err) {
        call.signal?.throwIfAborted();
        outcome = { ok: false, retry: true, error: networkError(cmdlet, err, EXCHANGE_FAILURES) };
      }
      if (outcome.ok) {
        if (outcome.warnings.length > 0)
          log?.warn({ cmdlet, requestId, warnings: outcome.warnings }, 'Exchange warnings');
        return { page: outcome.page, warnings: outcome.warnings };
      }
      if (!outcome.retry || attempt >= maxAttempts) throw outcome.error;
      const delayMs = outcome.delayMs ?? backoffDelay(attempt, baseDelayMs, capMs);
      log?.warn(
        { cmdlet, requestId, attempt, delayMs, error: outcome.error.message },
        'Retrying InvokeCommand',
      );
      await sleep(delayMs);
    }
  }

  function sendPage(
    cmdlet: string,
    parameters: CmdletParameters,
    page: InvokePageOptions,
    callOptions: CallOptions,
  ): Promise<{ page: InvokeCommandPage; warnings: string[] }> {
    const url = page.nextLink ? resolveNextLink(cmdlet, page.nextLink) : endpoint;
    return send(cmdlet, url, parameters, clampPageSize(page.pageSize), callOptions);
  }

  async function invokePage(
    cmdlet: string,
    parameters: CmdletParameters,
    page: InvokePageOptions = {},
    callOptions: CallOptions = {},
  ): Promise<InvokeCommandPage> {
    return (await sendPage(cmdlet, parameters, page, callOptions)).page;
  }

  async function invokeWithWarnings(
    cmdlet: string,
    parameters: CmdletParameters,
    callOptions: CallOptions = {},
  ): Promise<InvokeCommandResult> {
    const all: ExchangeObject[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    let nextLink: string | undefined;
    do {
      const sent = await sendPage(cmdlet, parameters, { nextLink }, callOptions);
      all.push(...sent.page.value);
      warnings.push(...sent.warnings);
      nextLink = sent.page.nextLink;
      if (nextLink !== undefined) {
        if (seen.has(nextLink))
          throw new ExchangeTransportError(cmdlet, 'the nextLink repeats an earlier page');
        seen.add(nextLink);
      }
    } while (nextLink !== undefined);
    return { value: all, warnings };
  }

  const invoke = async (cmdlet: string, parameters: CmdletParameters, callOptions: CallOptions = {}) =>
    (await invokeWithWarnings(cmdlet, parameters, callOptions)).value;

  return { invoke, invokeWithWarnings, invokePage };
}
