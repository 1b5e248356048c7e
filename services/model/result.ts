import type { Batch } from './batch';
import { FAILURE_REASONS, type FailReason, type FailureCode, type FailureData } from './failures';

export type { FailReason, FailureCode, FailureData } from './failures';

interface FailureBase {
  ok: false;
  reason: FailReason;
  /** The current batch, when there is one (a stale card gets it back). */
  batch?: Batch;
}

/**
 * An expected failure, named by its code with the data its words need. Services hold no words for
 * it: each surface does (chat: FAILURE_TEXT in bot/replies.ts; the audit card words the refusals an
 * audit entry keeps).
 */
export type Failure = {
  [C in FailureCode]: FailureBase & { code: C; data: FailureData[C] };
}[FailureCode];

/** What a service returns for an expected outcome: the value, or why not. */
export type Result<T> = ({ ok: true } & T) | Failure;

/** A failure: its kind comes from FAILURE_REASONS. */
export function failure<C extends FailureCode>(
  code: C,
  data: FailureData[C],
  extra: Pick<FailureBase, 'batch'> = {},
): Failure {
  return { ok: false, reason: FAILURE_REASONS[code], code, data, ...extra } as Failure;
}
