import { describe, expect, it } from 'vitest';
import { backoffMs, POLICIES, retry } from '../../../services/retry/policies';

describe('retry policies', () => {
  it('full jitter waits anywhere up to the doubling, capped ceiling', () => {
    const policy = { attempts: 5, baseMs: 100, capMs: 300, jitter: 'full' as const };
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n, () => 0))).toEqual([0, 0, 0, 0]);
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n, () => 0.999999))).toEqual([99, 199, 299, 299]);
  });

  it('half jitter waits at least half the ceiling', () => {
    const policy = { attempts: 5, baseMs: 100, capMs: 1_000, jitter: 'half' as const };
    expect(backoffMs(policy, 1, () => 0)).toBe(50);
    expect(backoffMs(policy, 3, () => 0)).toBe(200);
    expect(backoffMs(policy, 3, () => 0.999999)).toBe(399);
  });

  it('every named policy has at least one try and a cap no smaller than its base', () => {
    for (const policy of Object.values(POLICIES)) {
      expect(policy.attempts).toBeGreaterThanOrEqual(1);
      expect(policy.capMs).toBeGreaterThanOrEqual(policy.baseMs);
    }
  });

  it('retries until success, waiting the backoff or the wait the failure asks for', async () => {
    const waits: number[] = [];
    const seen: number[] = [];
    const result = await retry(
      { attempts: 4, baseMs: 100, capMs: 1_000, jitter: 'full' },
      async (attempt) => {
        seen.push(attempt);
        if (attempt === 1) throw Object.assign(new Error('throttled'), { retryAfterMs: 7 });
        if (attempt === 2) throw new Error('reset');
        return 'done';
      },
      {
        random: () => 0.5,
        waitOf: (e) => (e as { retryAfterMs?: number }).retryAfterMs,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([7, 100]);
  });

  it('stops at the policy’s attempts and on a failure that is not retryable', async () => {
    let tries = 0;
    const policy = { attempts: 3, baseMs: 1, capMs: 1, jitter: 'full' as const };
    const noWait = { sleep: async () => undefined };
    await expect(
      retry(
        policy,
        async () => {
          tries++;
          throw new Error('down');
        },
        noWait,
      ),
    ).rejects.toThrow('down');
    expect(tries).toBe(3);
    tries = 0;
    await expect(
      retry(
        policy,
        async () => {
          tries++;
          throw new Error('forbidden');
        },
        { ...noWait, retryable: (e) => (e as Error).message !== 'forbidden' },
      ),
    ).rejects.toThrow('forbidden');
    expect(tries).toBe(1);
  });
});
