import { ConflictError } from '../errors';
import { type SendBudgetDoc, sendBudgetId } from '../model/send-budget';
import { POLICIES } from '../retry/policies';
import type { Container } from '../store/document-store';
import { refuse, upsertDocument } from '../store/update-document';

/** A block of a tenant's send slots: `count` slots, the first at `from`, `intervalMs` apart. */
export interface SlotBlock {
  from: number;
  count: number;
}

/** Claims and pauses on a tenant's shared send schedule (the `sendBudgets` container). */
export interface SendSchedule {
  /** Takes the next `slots` free slots of the tenant (one conditional write). */
  claim(slots: number): Promise<SlotBlock>;
  /** No claim of any instance starts before `until` (a 429's Retry-After). */
  pause(until: number): Promise<void>;
}

/**
 * A cursor or pause further ahead than this was written by an instance whose clock is off (claims run
 * a few seconds ahead, Retry-After a minute at most): it is not waited for.
 */
export const SCHEDULE_HORIZON_MS = 5 * 60_000;

/**
 * The tenant's schedule in the store. A claim reads the budget document and moves its cursor past the
 * block with a replace conditional on the etag read (a create for the first claim); a lost race reads
 * again. The block starts at the cursor, or now when the cursor is in the past: slots are never handed
 * out twice, and the slots of all instances together are at least `intervalMs` apart.
 */
export function storeSendSchedule(
  repo: Container<SendBudgetDoc>,
  options: {
    tenantId: string;
    owner: string;
    intervalMs: number;
    now: () => number;
    /** The short pause after a lost race; a timer by default. */
    sleep?: (ms: number) => Promise<void>;
  },
): SendSchedule {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const id = sendBudgetId(options.tenantId);

  async function write(change: (current: SendBudgetDoc | null, t: number) => SendBudgetDoc | null) {
    // Another instance claiming in between costs a short random pause before the next look.
    const result = await upsertDocument(
      repo,
      { pk: id, id },
      (current) => change(current, options.now()) ?? refuse('unchanged'),
      { policy: POLICIES.sendScheduleClaim, sleep },
    );
    if (result.ok) return result.doc;
    if (result.why === 'refused') return null;
    throw new ConflictError(repo.name, id);
  }

  return {
    async claim(slots) {
      let block: SlotBlock = { from: 0, count: 0 };
      await write((current, t) => {
        const ahead = (at: number | undefined) =>
          at !== undefined && at <= t + SCHEDULE_HORIZON_MS ? at : 0;
        const from = Math.max(t, ahead(current?.cursor), ahead(current?.pausedUntil));
        block = { from, count: slots };
        return {
          id,
          pk: id,
          type: 'sendBudget',
          tenantId: options.tenantId,
          cursor: from + slots * options.intervalMs,
          intervalMs: options.intervalMs,
          pausedUntil: current?.pausedUntil,
          lastClaim: { owner: options.owner, from, slots, at: new Date(t).toISOString() },
          claims: (current?.claims ?? 0) + 1,
        };
      });
      return block;
    },
    async pause(until) {
      await write((current, t) => {
        if (until <= t || (current && (current.pausedUntil ?? 0) >= until)) return null;
        return {
          id,
          pk: id,
          type: 'sendBudget',
          tenantId: options.tenantId,
          cursor: Math.max(current?.cursor ?? 0, until),
          intervalMs: options.intervalMs,
          pausedUntil: until,
          lastClaim: current?.lastClaim ?? {
            owner: options.owner,
            from: until,
            slots: 0,
            at: new Date(t).toISOString(),
          },
          claims: current?.claims ?? 0,
        };
      });
    },
  };
}
