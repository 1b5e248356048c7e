import type { Batch } from '../model/batch';

export type FailReason =
  | 'not_found'
  | 'ambiguous'
  | 'forbidden'
  | 'invalid'
  | 'exists'
  | 'state'
  | 'busy'
  | 'stale'
  /** A failed preflight stops a start. */
  | 'blocked';

export interface Failure {
  ok: false;
  reason: FailReason;
  message: string;
  /** The current batch, when there is one (a stale card gets it back). */
  batch?: Batch;
  /** Extra lines, e.g. CSV row errors. */
  details?: string[];
}

export type Result<T> = ({ ok: true } & T) | Failure;

export function fail(reason: FailReason, message: string, extra: Partial<Failure> = {}): Failure {
  return { ok: false, reason, message, ...extra };
}
