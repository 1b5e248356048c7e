/** Injected MigrationWiz failures (in memory): busy and throttled answers. */
export class MwzFaults {
  private serverErrorsRemaining = 0;
  private throttleRemaining = 0;
  private throttleRetryAfter = 1;

  serverErrors(count: number): void {
    this.serverErrorsRemaining = whole('mwzServerErrors count', count, 0, Number.MAX_SAFE_INTEGER);
  }

  throttle(count: number, retryAfterSeconds = 1): void {
    this.throttleRemaining = whole('mwzThrottle count', count, 0, Number.MAX_SAFE_INTEGER);
    this.throttleRetryAfter = whole('retryAfterSeconds', retryAfterSeconds, 0, 3600);
  }

  /** The Retry-After of one throttled answer, or null. */
  takeThrottle(): number | null {
    if (this.throttleRemaining <= 0) return null;
    this.throttleRemaining--;
    return this.throttleRetryAfter;
  }

  takeServerError(): boolean {
    if (this.serverErrorsRemaining <= 0) return false;
    this.serverErrorsRemaining--;
    return true;
  }

  reset(): void {
    this.serverErrorsRemaining = 0;
    this.throttleRemaining = 0;
  }

  snapshot() {
    return {
      serverErrors: { remaining: this.serverErrorsRemaining },
      throttle: { remaining: this.throttleRemaining, retryAfterSeconds: this.throttleRetryAfter },
    };
  }
}

function whole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${value}`);
  }
  return value;
}
