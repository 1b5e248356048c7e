/**
 * A tenant's shared send schedule for notices: the tenant's sends are slots `intervalMs` apart, and
 * every slot before `cursor` belongs to the instance that claimed it. An instance claims a block of
 * slots with one conditional write (cursor moved past the block) and sends only in its own slots, so
 * all instances together keep to one rate.
 */
export interface SendBudgetDoc {
  /** `notices:<tenant id>`. */
  id: string;
  /** The same as `id`: one document per partition, read by point read. */
  pk: string;
  type: 'sendBudget';
  tenantId: string;
  /** Milliseconds since the epoch: every slot before it is taken. */
  cursor: number;
  /** The slot spacing the claims were made with. */
  intervalMs: number;
  /** The end of the last 429's Retry-After: no claim starts before it. */
  pausedUntil?: number;
  /** The last claim, for diagnosis: who, from when, how many slots. */
  lastClaim: { owner: string; from: number; slots: number; at: string };
  /** Claims made so far (each one write). */
  claims: number;
}

export const sendBudgetId = (tenantId: string) => `notices:${tenantId}`;
