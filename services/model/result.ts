import type { Batch } from './batch';
import { FAILURE_REASONS, type FailReason, type FailureCode, type FailureData } from './failures';

export type { FailReason, FailureCode, FailureData } from './failures';

interface FailureBase {
  ok: false;
  reason: FailReason;
  /** The current batch, when there is one (a stale card gets it back). */
  batch?: Batch;
  /** Extra lines, e.g. CSV row errors. */
  details?: string[];
}

/** A failure named by its code, with the data its words need; the surface words it. */
export type CodedFailure = {
  [C in FailureCode]: FailureBase & { code: C; data: FailureData[C]; message?: undefined };
}[FailureCode];

/** A failure still worded where it happens (being moved to codes; see FailureData). */
export type WordedFailure = FailureBase & { code?: undefined; message: string };

export type Failure = CodedFailure | WordedFailure;

/** What a service returns for an expected outcome: the value, or why not. */
export type Result<T> = ({ ok: true } & T) | Failure;

/** A coded failure: its kind comes from FAILURE_REASONS. */
export function failure<C extends FailureCode>(
  code: C,
  data: FailureData[C],
  extra: Pick<FailureBase, 'batch' | 'details'> = {},
): Failure {
  return { ok: false, reason: FAILURE_REASONS[code], code, data, ...extra } as Failure;
}

/** A failure worded where it happens. */
export function fail(reason: FailReason, message: string, extra: Partial<WordedFailure> = {}): WordedFailure {
  return { ok: false, reason, message, ...extra };
}
