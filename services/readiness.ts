import type { ConnectionConfig } from './config/tenants';
import type { ServiceContext, TenantSide } from './context';
import type { DocumentStore } from './store/document-store';

/** One part of the readiness answer. `error` is a fixed sentence: never upstream text, a URL or a secret. */
export interface ReadinessPart {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  /** The names of the parts that failed, e.g. ["store", "exchange:northwind"]. */
  failing: string[];
  parts: Record<string, ReadinessPart>;
}

class TimedOut extends Error {}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Whether this instance can do its work: the store answers a point read, and every tenant's Exchange
 * connection (and a cross-tenant source, when configured) gets a token and answers Get-AcceptedDomain.
 * Every check runs at once, each within the timeout.
 */
export async function checkReadiness(
  deps: { store: DocumentStore; ctx: ServiceContext },
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const checks: [string, () => Promise<unknown>][] = [
    // A point read of a document that need not exist: the cheapest call that reaches the backend.
    ['store', () => deps.store.container('leases').read('readiness', 'readiness')],
  ];
  for (const tenant of deps.ctx.tenants.tenants) {
    const sides: [TenantSide, ConnectionConfig | undefined][] = [
      ['target', tenant.connection],
      ['source', tenant.crossTenant?.source],
    ];
    for (const [side, connection] of sides) {
      if (!connection) continue;
      const name = side === 'target' ? `exchange:${tenant.id}` : `exchange:${tenant.id}:source`;
      checks.push([name, () => exchangeAnswers(deps.ctx, tenant.id, side, connection, timeoutMs, env)]);
    }
  }
  const results = await Promise.all(
    checks.map(
      async ([name, check]) =>
        [
          name,
          await timed(check, timeoutMs, name === 'store' ? 'the store did not answer' : undefined),
        ] as const,
    ),
  );
  const parts = Object.fromEntries(results);
  const failing = results.filter(([, part]) => !part.ok).map(([name]) => name);
  return { ready: failing.length === 0, failing, parts };
}

async function exchangeAnswers(
  ctx: ServiceContext,
  tenantId: string,
  side: TenantSide,
  connection: ConnectionConfig,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const credential = connection.credential;
  if (credential.kind === 'secret' && !env[credential.clientSecretEnv]) {
    throw new NotConfigured(`${credential.clientSecretEnv} is not set`);
  }
  const directory = ctx.directory(tenantId, side);
  if (!directory) throw new NotConfigured('no connection is configured');
  try {
    await directory.listAcceptedDomains({ signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // A throttled call got past authentication: the connection works, it is only busy.
    if ((error as { code?: unknown }).code !== 'exchange_throttled') throw error;
  }
}

/** A configuration gap whose message is safe to show as is (it names a variable, never a value). */
class NotConfigured extends Error {}

async function timed(
  check: () => Promise<unknown>,
  timeoutMs: number,
  otherwise = 'the check failed',
): Promise<ReadinessPart> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), timeoutMs);
  });
  try {
    await Promise.race([check(), deadline]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: reasonOf(error, timeoutMs, otherwise) };
  } finally {
    clearTimeout(timer);
  }
}

/** A fixed sentence per kind of failure: upstream messages may carry URLs, tenant details or tokens. */
function reasonOf(error: unknown, timeoutMs: number, otherwise: string): string {
  if (error instanceof TimedOut) return `no answer within ${timeoutMs / 1000} s`;
  if (error instanceof NotConfigured) return error.message;
  const coded = error as { code?: unknown; httpStatus?: unknown; name?: unknown };
  if (coded.name === 'AbortError' || coded.name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const status = typeof coded.httpStatus === 'number' ? ` (HTTP ${coded.httpStatus})` : '';
  switch (coded.code) {
    case 'exchange_auth':
      return `the credential was refused or no token could be obtained${status}`;
    case 'exchange_transport':
      return `no usable answer from Exchange${status}`;
    case 'exchange_error':
    case 'exchange_not_found':
      return `Exchange refused the call${status}`;
    default:
      return otherwise;
  }
}
