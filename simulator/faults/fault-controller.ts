import type { SimulatorFaults } from '../simulator-api';
import type { SimulatorState } from '../state/simulator-state';
import { type TenantThrottleSnapshot, TenantThrottles } from './tenant-throttle';

export interface FaultSnapshot {
  /** `retryAfterSeconds` null: the 429s carry no Retry-After header. */
  throttle: { remaining: number; retryAfterSeconds: number | null };
  serverErrors: { remaining: number; status: number };
  latencyMs: number;
  failedUsers: { email: string; error: string | null; since: string }[];
  /** Endpoints (lower-cased names) whose Test-MigrationServerAvailability fails. */
  endpointsDown: string[];
  /** Users (lower-cased addresses) for whom a Teams app installation through Graph fails, with the status. */
  installFailures: { email: string; status: number }[];
  connectorThrottle: { remaining: number; retryAfterSeconds: number };
  /** While set: every Bot Connector activity post until then gets 429 (ISO time). */
  connectorThrottledUntil: string | null;
  connectorErrors: { remaining: number; status: number };
  /** Throttling of one tenant's InvokeCommand calls only. */
  tenantThrottles: TenantThrottleSnapshot[];
  /** The MigrationWiz endpoint's injected busy and throttled answers. */
  migrationWiz: ReturnType<SimulatorState['migrationWiz']['faults']['snapshot']>;
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${value}`);
  }
  return value;
}

/**
 * Injected failures: throttling, 5xx, latency and unreachable endpoints (in memory), per-user move
 * failures (kept in the state), failing Teams app installations, and Bot Connector throttling and errors
 * (in memory).
 */
export class FaultController implements SimulatorFaults {
  private throttleRemaining = 0;
  private retryAfterSeconds: number | null = 1;
  private serverErrorsRemaining = 0;
  private serverErrorStatus = 503;
  private latencyMs = 0;
  private readonly installFailures = new Map<string, number>();
  private connectorThrottleRemaining = 0;
  private connectorRetryAfterSeconds = 1;
  private connectorThrottledUntil = 0;
  private connectorErrorsRemaining = 0;
  private connectorErrorStatus = 503;
  /** Per-tenant InvokeCommand throttling (a hoster's customers each have their own limits). */
  readonly tenantThrottles: TenantThrottles;

  constructor(
    private readonly state: SimulatorState,
    private readonly now: () => number,
    private readonly onStateChange: () => void,
  ) {
    this.tenantThrottles = new TenantThrottles(now);
  }

  throttleTenant(
    tenant: string,
    options: { count?: number; seconds?: number; retryAfterSeconds?: number },
  ): void {
    const found =
      this.state.resolveTenant(tenant) ?? this.state.tenants.find((t) => t.name === tenant.toLowerCase());
    if (!found) throw new RangeError(`throttleTenant: no tenant matches '${tenant}'`);
    if ((options.count === undefined) === (options.seconds === undefined))
      throw new RangeError('throttleTenant needs either count or seconds');
    if (options.count !== undefined) wholeNumber('throttleTenant count', options.count, 0);
    if (options.seconds !== undefined) wholeNumber('throttleTenant seconds', options.seconds, 0, 3600);
    const retryAfterSeconds = wholeNumber('retryAfterSeconds', options.retryAfterSeconds ?? 1, 0, 3600);
    this.tenantThrottles.set([found.name, found.id, found.domain, ...found.acceptedDomains], {
      ...options,
      retryAfterSeconds,
    });
  }

  stopDirSync(tenant: string): void {
    const found =
      this.state.resolveTenant(tenant) ?? this.state.tenants.find((t) => t.name === tenant.toLowerCase());
    if (!found) throw new RangeError(`stopDirSync: no tenant matches '${tenant}'`);
    this.state.staged.stopDirSync(found.id);
  }

  failUser(email: string, error?: string): void {
    if (!email.includes('@')) throw new RangeError(`failUser needs an email address; got '${email}'`);
    const now = this.now();
    this.state.advanceAll(now); // the fault acts from now on, never on the past
    this.state.setUserFault({ email: email.trim(), error: error ?? null, since: now });
    this.onStateChange();
  }

  endpointDown(name: string): void {
    if (name.trim() === '') throw new RangeError('endpointDown needs an endpoint name');
    this.state.setEndpointDown(name.trim());
  }

  throttle(count: number, retryAfterSeconds: number | null = 1): void {
    this.throttleRemaining = wholeNumber('throttle count', count, 0);
    this.retryAfterSeconds =
      retryAfterSeconds === null ? null : wholeNumber('retryAfterSeconds', retryAfterSeconds, 0, 3600);
  }

  serverErrors(count: number, status = 503): void {
    this.serverErrorsRemaining = wholeNumber('serverErrors count', count, 0);
    this.serverErrorStatus = wholeNumber('serverErrors status', status, 500, 599);
  }

  latency(ms: number): void {
    this.latencyMs = wholeNumber('latency', ms, 0, 600_000);
  }

  failInstall(email: string, status = 403): void {
    if (!email.includes('@')) throw new RangeError(`failInstall needs an email address; got '${email}'`);
    this.installFailures.set(email.trim().toLowerCase(), wholeNumber('failInstall status', status, 400, 599));
  }

  connectorThrottle(count: number, retryAfterSeconds = 1): void {
    this.connectorThrottleRemaining = wholeNumber('connectorThrottle count', count, 0);
    this.connectorRetryAfterSeconds = wholeNumber('retryAfterSeconds', retryAfterSeconds, 1, 3600);
  }

  connectorThrottleFor(seconds: number): void {
    this.connectorThrottledUntil =
      this.now() + wholeNumber('connectorThrottle seconds', seconds, 0, 3600) * 1000;
  }

  connectorErrors(count: number, status = 503): void {
    this.connectorErrorsRemaining = wholeNumber('connectorErrors count', count, 0);
    this.connectorErrorStatus = wholeNumber('connectorErrors status', status, 500, 599);
  }

  mwzServerErrors(count: number): void {
    this.state.migrationWiz.faults.serverErrors(count);
  }

  mwzThrottle(count: number, retryAfterSeconds = 1): void {
    this.state.migrationWiz.faults.throttle(count, retryAfterSeconds);
  }

  mwzExpireTickets(): void {
    this.state.migrationWiz.tickets.expireAll(this.now());
  }

  mwzUserSuppliesCredentials(email: string): number {
    if (!email.includes('@'))
      throw new RangeError(`mwzUserSuppliesCredentials needs an email address; got '${email}'`);
    const items = this.state.migrationWiz.userSuppliesCredentials(email, this.now());
    this.onStateChange();
    return items;
  }

  reset(): void {
    this.throttleRemaining = 0;
    this.serverErrorsRemaining = 0;
    this.latencyMs = 0;
    this.installFailures.clear();
    this.connectorThrottleRemaining = 0;
    this.connectorThrottledUntil = 0;
    this.connectorErrorsRemaining = 0;
    this.tenantThrottles.clear();
    this.state.clearUserFaults();
    this.state.clearEndpointsDown();
    this.state.staged.clearFaults();
    this.state.migrationWiz.faults.reset();
    this.onStateChange();
  }

  /**
   * Consumes one throttled answer: the Retry-After seconds (null: no header), or undefined when no
   * throttling is pending.
   */
  takeThrottle(): number | null | undefined {
    if (this.throttleRemaining <= 0) return undefined;
    this.throttleRemaining--;
    return this.retryAfterSeconds;
  }

  /** Consumes one server error: its status, or null. */
  takeServerError(): number | null {
    if (this.serverErrorsRemaining <= 0) return null;
    this.serverErrorsRemaining--;
    return this.serverErrorStatus;
  }

  /** The status an installation for this user fails with (any of its addresses), or null. */
  installFailureFor(addresses: readonly string[]): number | null {
    for (const address of addresses) {
      const status = this.installFailures.get(address.toLowerCase());
      if (status !== undefined) return status;
    }
    return null;
  }

  /**
   * Consumes one throttled activity post: the Retry-After seconds, or null. In a throttling episode the
   * Retry-After is the rest of the episode (at least 1 s): a client that waits it out gets through.
   */
  takeConnectorThrottle(): number | null {
    const episodeLeftMs = this.connectorThrottledUntil - this.now();
    if (episodeLeftMs > 0) return Math.max(1, Math.ceil(episodeLeftMs / 1000));
    if (this.connectorThrottleRemaining <= 0) return null;
    this.connectorThrottleRemaining--;
    return this.connectorRetryAfterSeconds;
  }

  /** Consumes one failed activity post: its status, or null. */
  takeConnectorError(): number | null {
    if (this.connectorErrorsRemaining <= 0) return null;
    this.connectorErrorsRemaining--;
    return this.connectorErrorStatus;
  }

  get delayMs(): number {
    return this.latencyMs;
  }

  snapshot(): FaultSnapshot {
    return {
      throttle: { remaining: this.throttleRemaining, retryAfterSeconds: this.retryAfterSeconds },
      serverErrors: { remaining: this.serverErrorsRemaining, status: this.serverErrorStatus },
      latencyMs: this.latencyMs,
      failedUsers: this.state
        .listUserFaults()
        .map((f) => ({ email: f.email, error: f.error, since: new Date(f.since).toISOString() })),
      endpointsDown: this.state.listEndpointsDown(),
      installFailures: [...this.installFailures].map(([email, status]) => ({ email, status })),
      connectorThrottle: {
        remaining: this.connectorThrottleRemaining,
        retryAfterSeconds: this.connectorRetryAfterSeconds,
      },
      connectorThrottledUntil:
        this.connectorThrottledUntil > this.now()
          ? new Date(this.connectorThrottledUntil).toISOString()
          : null,
      connectorErrors: { remaining: this.connectorErrorsRemaining, status: this.connectorErrorStatus },
      tenantThrottles: this.tenantThrottles.snapshot(),
      migrationWiz: this.state.migrationWiz.faults.snapshot(),
    };
  }
}
