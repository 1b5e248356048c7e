import type { SendSchedule } from './send-budget-store';

export interface SendBudgetOptions {
  /** Where blocks of slots are claimed: the tenant's schedule shared by every instance. */
  schedule: SendSchedule;
  /** The spacing of the tenant's slots (the whole tenant's rate, over every instance). */
  intervalMs: number;
  /** The most slots one claim takes (one store write per block). */
  blockSlots: number;
  /** The fewest slots one claim takes (a few notices do not cost a claim each). */
  minSlots: number;
  /** A slot may be used until this long after its time; later it is passed over. */
  lateMs: number;
  now: () => number;
  /** Waits; may end early (then the budget looks again). */
  sleep: (ms: number) => Promise<void>;
  /** A failed claim or pause write (the budget tries again after `retryMs`). */
  onError: (error: unknown) => void;
  retryMs?: number;
}

interface HeldBlock {
  from: number;
  count: number;
  used: number;
}

/**
 * One instance's share of one tenant's send rate. Senders queue in `acquire`; the budget hands out the
 * slots this instance claimed from the tenant's shared schedule, one sender per slot, at the slot's
 * time (never before it, and not more than `lateMs` after it: a slot that went by unused is lost, so
 * no late send can crowd the next instance's slots). When the slots in hand run low while senders
 * wait, the next block is claimed ahead, so a busy instance keeps the full rate without a gap.
 *
 * Any window of `w` ms then holds at most floor((w + lateMs) / intervalMs) + 1 sends of the tenant,
 * from all instances together (given clocks in step): with slots 1000/48 ms apart and `lateMs` under
 * one interval, at most 49 in any second.
 */
export class TenantSendBudget {
  private readonly blocks: HeldBlock[] = [];
  private readonly waiters: ((granted: boolean) => void)[] = [];
  private pumping = false;
  private claiming: Promise<void> | undefined;
  private pausedUntil = 0;
  /** Since when senders have been waiting without a break (slots before it went by unneeded). */
  private busySince = 0;
  /**
   * Claims made, slots claimed, slots used, and slots that went by unused: `missed` while senders
   * waited (a late wake-up, a pause), `unneeded` while none did.
   */
  readonly stats = { claims: 0, claimed: 0, used: 0, missed: 0, unneeded: 0 };

  constructor(private readonly options: SendBudgetOptions) {}

  /** Resolves true at a slot (send now, in this turn), or false when the budget was aborted. */
  acquire(): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      void this.pump();
    });
  }

  /** Every waiting sender gets false (the worker is stopping). */
  abort(): void {
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }

  /**
   * No sends before `until` (a 429's Retry-After): slots in hand before it are given up, and the
   * shared schedule is moved past it so that no instance claims a slot within it.
   */
  pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.options.schedule.pause(until).catch(this.options.onError);
  }

  /** How much longer the tenant is paused. */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Senders waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The next usable slot in hand (slots that went by, or fall in a pause, are passed over). */
  private nextSlot(t: number): number | undefined {
    const { intervalMs, lateMs } = this.options;
    while (this.blocks.length > 0) {
      const block = this.blocks[0]!;
      while (block.used < block.count) {
        const at = block.from + block.used * intervalMs;
        if (at + lateMs >= t && at >= this.pausedUntil) return at;
        block.used++;
        if (at < this.busySince) this.stats.unneeded++;
        else this.stats.missed++;
      }
      this.blocks.shift();
    }
    return undefined;
  }

  private remaining(): number {
    let left = 0;
    for (const block of this.blocks) left += block.count - block.used;
    return left;
  }

  /** Claims a block sized to the senders waiting beyond the slots in hand (one claim at a time). */
  private refill(): Promise<void> {
    if (!this.claiming) {
      const { blockSlots, minSlots } = this.options;
      const wanted = Math.min(blockSlots, Math.max(minSlots, this.waiters.length - this.remaining()));
      this.claiming = this.options.schedule
        .claim(wanted)
        .then((block) => {
          this.blocks.push({ ...block, used: 0 });
          this.stats.claims++;
          this.stats.claimed += block.count;
        })
        .finally(() => {
          this.claiming = undefined;
        });
    }
    return this.claiming;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.busySince = this.options.now();
    const { now, sleep, onError, blockSlots } = this.options;
    try {
      while (this.waiters.length > 0) {
        const t = now();
        const at = this.nextSlot(t);
        if (at === undefined) {
          try {
            await this.refill();
          } catch (error) {
            onError(error);
            await sleep(this.options.retryMs ?? 1_000);
          }
          continue;
        }
        const left = this.remaining();
        if (left <= blockSlots / 2 && this.waiters.length > left) this.refill().catch(onError);
        const wait = at - t;
        if (wait > 1e-6) {
          await sleep(Math.ceil(wait));
          continue;
        }
        this.blocks[0]!.used++;
        this.stats.used++;
        this.waiters.shift()!(true);
      }
    } finally {
      this.pumping = false;
    }
  }
}
