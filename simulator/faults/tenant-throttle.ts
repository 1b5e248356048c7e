/**
 * Throttling of one tenant's InvokeCommand calls only (a hoster's customers each have their own
 * Exchange Online limits): a burst of `count` 429s, or every call refused for `seconds`, each with a
 * Retry-After. Tenants are named as a request names them (GUID, short name or domain) and matched
 * against the tenant the request resolved to.
 */
export interface TenantThrottleRule {
  /** Lower-cased names the tenant answers to. */
  names: string[];
  remaining: number;
  until: number;
  retryAfterSeconds: number;
}

export interface TenantThrottleSnapshot {
  tenant: string;
  remaining: number;
  until: string | null;
  retryAfterSeconds: number;
  /** 429s answered so far under this rule. */
  answered: number;
}

export class TenantThrottles {
  private readonly rules = new Map<string, TenantThrottleRule & { answered: number }>();

  constructor(private readonly now: () => number) {}

  /** `names`: every name of the tenant (the first is how it is listed). */
  set(names: string[], options: { count?: number; seconds?: number; retryAfterSeconds?: number }): void {
    const key = names[0]!.toLowerCase();
    const retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.rules.set(key, {
      names: names.map((n) => n.toLowerCase()),
      remaining: options.count ?? 0,
      until: options.seconds === undefined ? 0 : this.now() + options.seconds * 1000,
      retryAfterSeconds,
      answered: 0,
    });
  }

  /** The Retry-After seconds of a throttled answer for this tenant, or null when it is not throttled. */
  take(tenantNames: readonly string[]): number | null {
    const wanted = new Set(tenantNames.map((n) => n.toLowerCase()));
    for (const rule of this.rules.values()) {
      if (!rule.names.some((n) => wanted.has(n))) continue;
      const leftMs = rule.until - this.now();
      if (leftMs > 0) {
        rule.answered++;
        return Math.max(rule.retryAfterSeconds, 0);
      }
      if (rule.remaining > 0) {
        rule.remaining--;
        rule.answered++;
        return rule.retryAfterSeconds;
      }
    }
    return null;
  }

  clear(): void {
    this.rules.clear();
  }

  snapshot(): TenantThrottleSnapshot[] {
    const now = this.now();
    return [...this.rules].map(([tenant, r]) => ({
      tenant,
      remaining: r.remaining,
      until: r.until > now ? new Date(r.until).toISOString() : null,
      retryAfterSeconds: r.retryAfterSeconds,
      answered: r.answered,
    }));
  }
}
