import type { Logger } from 'pino';
import type { ServiceContext } from '../context';
import { CONVERSATION_SEND_LIMITS, SlidingWindowLimiter, TENANT_SEND_BUDGET } from '../notices/rate-limit';
import { TenantSendBudget } from '../notices/send-budget';
import { storeSendSchedule } from '../notices/send-budget-store';

/** Conversation limiters kept before idle ones are dropped. */
const MAX_CONVERSATIONS = 10_000;

/**
 * A notice worker's send limits: per tenant, the send budget every instance shares (slots claimed from
 * the tenant's schedule in the store); per conversation, a sliding window. Made on first use.
 */
export class NoticeSendLimits {
  private readonly budgets = new Map<string, TenantSendBudget>();
  private readonly conversations = new Map<string, SlidingWindowLimiter>();

  constructor(
    private readonly deps: {
      ctx: ServiceContext;
      /** The worker's instance id. */
      owner: string;
      now: () => number;
      wait: (ms: number) => Promise<void>;
      log: Logger;
    },
  ) {}

  /** The tenant's budget, if one was made (a tenant paused by a 429 has one). */
  existing(tenantId: string): TenantSendBudget | undefined {
    return this.budgets.get(tenantId);
  }

  tenantBudget(tenantId: string): TenantSendBudget {
    let budget = this.budgets.get(tenantId);
    if (!budget) {
      const { ctx, owner, now, wait, log } = this.deps;
      budget = new TenantSendBudget({
        ...TENANT_SEND_BUDGET,
        schedule: storeSendSchedule(ctx.repos.sendBudgets, {
          tenantId,
          owner,
          intervalMs: TENANT_SEND_BUDGET.intervalMs,
          now,
        }),
        now,
        sleep: wait,
        onError: (error) => log.warn({ err: error, tenantId }, 'notice send budget claim failed'),
      });
      this.budgets.set(tenantId, budget);
    }
    return budget;
  }

  conversationLimiter(key: string): SlidingWindowLimiter {
    let limiter = this.conversations.get(key);
    if (!limiter) {
      if (this.conversations.size >= MAX_CONVERSATIONS) {
        const t = this.deps.now();
        for (const [k, l] of this.conversations) if (l.idle(t)) this.conversations.delete(k);
      }
      limiter = new SlidingWindowLimiter(CONVERSATION_SEND_LIMITS);
      this.conversations.set(key, limiter);
    }
    return limiter;
  }

  /** Ends every budget's waits (the worker stops). */
  abort(): void {
    for (const budget of this.budgets.values()) budget.abort();
  }

  /** By tenant: blocks of send slots claimed, slots claimed, used, and gone by unused. */
  stats(): Record<string, TenantSendBudget['stats']> {
    return Object.fromEntries([...this.budgets].map(([tenantId, budget]) => [tenantId, { ...budget.stats }]));
  }
}
