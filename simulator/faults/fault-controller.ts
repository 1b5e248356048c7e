import type { SimulatorFaults } from '../simulator-api';
import type { SimulatorState } from '../state/simulator-state';

export interface FaultSnapshot {
  throttle: { remaining: number; retryAfterSeconds: number };
  serverErrors: { remaining: number; status: number };
  latencyMs: number;
  failedUsers: { email: string; error: string | null; since: string }[];
  /** Endpoints (lower-cased names) whose Test-MigrationServerAvailability fails. */
  endpointsDown: string[];
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${value}`);
  }
  return value;
}

/**
 * Injected failures: throttling, 5xx, latency and unreachable endpoints (in memory) and per-user move
 * failures (kept in the state).
 */
export class FaultController implements SimulatorFaults {
  private throttleRemaining = 0;
  private retryAfterSeconds = 1;
  private serverErrorsRemaining = 0;
  private serverErrorStatus = 503;
  private latencyMs = 0;

  constructor(
    private readonly state: SimulatorState,
    private readonly now: () => number,
    private readonly onStateChange: () => void,
  ) {}

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

  throttle(count: number, retryAfterSeconds = 1): void {
    this.throttleRemaining = wholeNumber('throttle count', count, 0);
    this.retryAfterSeconds = wholeNumber('retryAfterSeconds', retryAfterSeconds, 0, 3600);
  }

  serverErrors(count: number, status = 503): void {
    this.serverErrorsRemaining = wholeNumber('serverErrors count', count, 0);
    this.serverErrorStatus = wholeNumber('serverErrors status', status, 500, 599);
  }

  latency(ms: number): void {
    this.latencyMs = wholeNumber('latency', ms, 0, 600_000);
  }

  reset(): void {
    this.throttleRemaining = 0;
    this.serverErrorsRemaining = 0;
    this.latencyMs = 0;
    this.state.clearUserFaults();
    this.state.clearEndpointsDown();
    this.onStateChange();
  }

  /** Consumes one throttled answer: the Retry-After seconds, or null when no throttling is pending. */
  takeThrottle(): number | null {
    if (this.throttleRemaining <= 0) return null;
    this.throttleRemaining--;
    return this.retryAfterSeconds;
  }

  /** Consumes one server error: its status, or null. */
  takeServerError(): number | null {
    if (this.serverErrorsRemaining <= 0) return null;
    this.serverErrorsRemaining--;
    return this.serverErrorStatus;
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
    };
  }
}
