import { ConflictError } from '../errors';
import type { Notice } from '../model/notice';
import type { Container, Stored } from '../store/document-store';
import { refuse, replaceIfUnchanged, updateDocument } from '../store/update-document';

export interface NoticeClaimOptions {
  repo: Container<Notice>;
  /** The worker that claims (its instance id). */
  owner: string;
  /** How long a claim holds without renewal. */
  leaseMs: number;
  /** Milliseconds since the epoch. */
  now: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One claim on one notice: the notice moved to `sending` with this worker's lease, by a conditional
 * replace. Every later write goes through `update`, one at a time, and only while the notice is still
 * this claim's: a concurrent write by someone else (the user answering the card) is read back and kept;
 * a takeover by another worker ends the claim.
 */
export class NoticeClaim {
  lost = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    public current: Stored<Notice>,
    private readonly attempt: number,
    private readonly options: NoticeClaimOptions,
  ) {}

  /**
   * Claims a due notice (pending, or sending under a lease that lapsed) for its next attempt. Null when
   * another worker changed it first. A notice taken over while `sending` stays in doubt: its earlier
   * attempt may have reached the user.
   */
  static async take(candidate: Stored<Notice>, options: NoticeClaimOptions): Promise<NoticeClaim | null> {
    const inDoubt = candidate.status === 'sending' || candidate.inDoubt === true;
    const attempt = candidate.attempts + 1;
    const t = options.now();
    const claimed = await replaceIfUnchanged(options.repo, {
      ...candidate,
      status: 'sending',
      lease: { owner: options.owner, until: iso(t + options.leaseMs) },
      attempts: attempt,
      nextAttemptAt: undefined,
      inDoubt: inDoubt || undefined,
      updatedAt: iso(t),
    });
    return claimed && new NoticeClaim(claimed, attempt, options);
  }

  private ours(notice: Notice): boolean {
    return (
      notice.status === 'sending' &&
      notice.lease?.owner === this.options.owner &&
      notice.attempts === this.attempt
    );
  }

  update(change: (notice: Notice) => Notice): Promise<Stored<Notice> | null> {
    const { repo } = this.options;
    const run = this.queue.then(async () => {
      if (this.lost) return null;
      const key = { pk: this.current.pk, id: this.current.id };
      // A lost race reads the notice again: still ours, the change is made on it; else the claim ends.
      const result = await updateDocument(
        repo,
        key,
        (notice) => {
          if (notice !== this.current && !this.ours(notice)) return refuse('lost');
          const { _etag, ...plain } = notice;
          return change(plain);
        },
        { from: this.current },
      );
      if (result.ok) {
        this.current = result.doc;
        return this.current;
      }
      if (result.why === 'busy') throw new ConflictError(repo.name, key.id);
      this.lost = true;
      return null;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async renew(): Promise<void> {
    const { owner, leaseMs, now } = this.options;
    await this.update((n) => ({ ...n, lease: { owner, until: iso(now() + leaseMs) } }));
  }

  settled(): Promise<unknown> {
    return this.queue;
  }
}
