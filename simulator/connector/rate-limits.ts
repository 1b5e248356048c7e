import type { ConnectorRefusalReason, ConnectorStats } from '../simulator-api';

interface Window {
  reason: ConnectorRefusalReason;
  ms: number;
  limit: number;
}

/** Teams' limits per bot per conversation (thread): 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour. */
export const CONVERSATION_WINDOWS: readonly Window[] = [
  { reason: 'conversationPerSecond', ms: 1000, limit: 7 },
  { reason: 'conversationPer2Seconds', ms: 2000, limit: 8 },
  { reason: 'conversationPer30Seconds', ms: 30_000, limit: 60 },
  { reason: 'conversationPerHour', ms: 3_600_000, limit: 1800 },
];

/** Teams' global limit: 50 requests per second per app per tenant. */
export const TENANT_WINDOWS: readonly Window[] = [{ reason: 'tenantPerSecond', ms: 1000, limit: 50 }];

const longest = (windows: readonly Window[]) => Math.max(...windows.map((w) => w.ms));
const CONVERSATION_KEEP_MS = longest(CONVERSATION_WINDOWS);
const TENANT_KEEP_MS = longest(TENANT_WINDOWS);

export type LimitCheck =
  | { ok: true }
  | { ok: false; reason: ConnectorRefusalReason; retryAfterSeconds: number };

/**
 * Sliding windows over the times of the requests that got through. A refused request is not counted,
 * so a client that waits for Retry-After is let through once the window has room.
 */
export class ConnectorLimits {
  private readonly conversations = new Map<string, number[]>();
  private readonly tenants = new Map<string, number[]>();
  private sent = 0;
  private created = 0;
  private failed = 0;
  private readonly refused: Record<ConnectorRefusalReason, number> = {
    conversationPerSecond: 0,
    conversationPer2Seconds: 0,
    conversationPer30Seconds: 0,
    conversationPerHour: 0,
    tenantPerSecond: 0,
    injected: 0,
  };

  /** Whether an activity post (conversation given) or another request (null) may go through now. */
  check(conversationId: string | null, tenant: string, now: number): LimitCheck {
    const over: { reason: ConnectorRefusalReason; waitMs: number }[] = [];
    if (conversationId !== null)
      over.push(
        ...exceeded(
          this.times(this.conversations, conversationId, now, CONVERSATION_KEEP_MS),
          CONVERSATION_WINDOWS,
          now,
        ),
      );
    over.push(...exceeded(this.times(this.tenants, tenant, now, TENANT_KEEP_MS), TENANT_WINDOWS, now));
    const first = over[0];
    if (!first) return { ok: true };
    const waitMs = Math.max(...over.map((o) => o.waitMs));
    return { ok: false, reason: first.reason, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Counts a request that went through. */
  admit(conversationId: string | null, tenant: string, now: number): void {
    if (conversationId !== null)
      this.times(this.conversations, conversationId, now, CONVERSATION_KEEP_MS).push(now);
    this.times(this.tenants, tenant, now, TENANT_KEEP_MS).push(now);
  }

  countSent(): void {
    this.sent += 1;
  }

  countCreated(): void {
    this.created += 1;
  }

  countRefused(reason: ConnectorRefusalReason): void {
    this.refused[reason] += 1;
  }

  countFailed(): void {
    this.failed += 1;
  }

  stats(): ConnectorStats {
    return {
      sent: this.sent,
      conversationsCreated: this.created,
      refused: { ...this.refused },
      failed: this.failed,
    };
  }

  /** The admitted times of a key within its longest window (older ones are dropped). */
  private times(map: Map<string, number[]>, key: string, now: number, keepMs: number): number[] {
    const kept = (map.get(key) ?? []).filter((t) => t > now - keepMs);
    map.set(key, kept);
    return kept;
  }
}

/** The windows the next request would overflow, with how long until each has room again. */
function exceeded(times: readonly number[], windows: readonly Window[], now: number) {
  const over: { reason: ConnectorRefusalReason; waitMs: number }[] = [];
  for (const window of windows) {
    const inWindow = times.filter((t) => t > now - window.ms);
    if (inWindow.length < window.limit) continue;
    // Room again once the oldest request that keeps the window full has left it.
    const blocking = inWindow[inWindow.length - window.limit] ?? now;
    over.push({ reason: window.reason, waitMs: blocking + window.ms - now });
  }
  return over;
}
