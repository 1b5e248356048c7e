/**
 * How each kind of call is tried again: how many tries in all and how long to wait between them.
 * The waits grow exponentially from `baseMs` up to `capMs`, with jitter so that instances and
 * workers that failed together do not come back together.
 */
export interface RetryPolicy {
  /** Tries in all, the first one included. */
  readonly attempts: number;
  /** The ceiling of the first wait; it doubles on each further try. */
  readonly baseMs: number;
  /** The largest wait. */
  readonly capMs: number;
  /** `full`: a wait anywhere in [0, ceiling]; `half`: in [ceiling / 2, ceiling]. */
  readonly jitter: 'full' | 'half';
}

/** The named policies, one per kind of call. */
export const POLICIES = {
  /** An Exchange Online or Graph HTTP call: throttling and 5xx (a server's Retry-After comes first). */
  engineCall: { attempts: 5, baseMs: 500, capMs: 120_000, jitter: 'full' },
  /** Making the database and containers ready: throttling and transient failures only. */
  storeInit: { attempts: 6, baseMs: 100, capMs: 5_000, jitter: 'half' },
  /**
   * A notice the worker could not send: the next attempt is this far away (unless a 429 says when).
   * The tenant's `notices.maxAttempts` overrides the count.
   */
  noticeSend: { attempts: 10, baseMs: 1_000, capMs: 60_000, jitter: 'full' },
  /** A conditional replace that lost a race: read again at once, then a little later. */
  conditionalUpdate: { attempts: 8, baseMs: 5, capMs: 200, jitter: 'full' },
  /** Claiming send slots on a tenant's shared schedule, which every worker of every instance writes. */
  sendScheduleClaim: { attempts: 20, baseMs: 5, capMs: 100, jitter: 'full' },
} as const satisfies Record<string, RetryPolicy>;

export type PolicyName = keyof typeof POLICIES;

/**
 * The wait before try `attempt + 1` once try `attempt` (1-based) has failed. `random` is in [0, 1).
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const floor = policy.jitter === 'half' ? ceiling / 2 : 0;
  return Math.floor(floor + random() * (ceiling - floor));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Whether a failure is worth another try; everything is by default. */
  retryable?: (error: unknown) => boolean;
  /** A wait the failure itself asks for (a server's Retry-After), used instead of the backoff. */
  waitOf?: (error: unknown) => number | undefined;
  /** Told of each failure that is tried again. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `work` until it succeeds, a failure is not retryable, or the policy's tries are used up. */
export async function retry<T>(
  policy: RetryPolicy,
  work: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !(options.retryable?.(error) ?? true)) throw error;
      const wait = options.waitOf?.(error) ?? backoffMs(policy, attempt, options.random);
      options.onRetry?.(error, attempt, wait);
      await (options.sleep ?? sleep)(wait);
    }
  }
}
