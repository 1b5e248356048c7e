import type { NoticeContent, NoticeKind } from '../notices/content';
import type { Actor } from './batch';
import type { Scenario } from './statuses';

/**
 * - `pending`: waiting to be sent (from `nextAttemptAt` on, after a failed attempt);
 * - `sending`: claimed by one worker until `lease.until`; a lapsed lease means that worker died;
 * - `sent`, `failed`: final;
 * - `cancelled`: final, not sent because it no longer applies (notices turned off for the tenant, or the
 *   user confirmed before their reminder went out); `error` says why.
 */
export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type NoticeChannel = 'teams' | 'install' | 'mail';

/**
 * One notice to one migrated user: the outbox record, written before anything is sent. Its id,
 * (batch, kind, user), is the idempotency key: a notice exists once and is delivered once.
 */
export interface Notice {
  id: string;
  /** The batch id: a batch's notices live in its partition. */
  pk: string;
  type: 'notice';
  tenantId: string;
  batchId: string;
  batchName: string;
  scenario: Scenario;
  kind: NoticeKind;
  /** The user's address (the batch CSV's). */
  email: string;
  /** The user's Entra object id, once known; only this user may acknowledge. */
  userId?: string;
  /** The text as rendered when the notice was recorded, so that every attempt sends the same. */
  content: NoticeContent & { helpContact: string };
  status: NoticeStatus;
  channel?: NoticeChannel;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  error?: string;
  /** The user's answer on the card; recorded once. */
  ack?: { answer: 'done' | 'help'; at: string; by: Actor };
  /** The cutover time the text names (ISO-8601). */
  cutoverAt?: string;
  /** While `sending`: the worker that claimed the notice and until when (ISO-8601) the claim holds. */
  lease?: { owner: string; until: string };
  /** After a failed attempt: not retried before this time (ISO-8601). */
  nextAttemptAt?: string;
  /**
   * An earlier attempt may have reached the user (its worker died while sending, or the send ended
   * without an answer): the next attempt asks the channel first and does not send again if it did.
   */
  inDoubt?: boolean;
  /** The conversation the notice was delivered to, as the delivery reported it. */
  conversationKey?: string;
  /** For a `reset` notice: when its reminder was recorded (at most one reminder). */
  remindedAt?: string;
  /** The most recent attempts, oldest first (at most `NOTICE_ATTEMPTS_LOGGED`). */
  attemptsLog?: NoticeAttempt[];
}

export interface NoticeAttempt {
  at: string;
  /** The worker instance that made the attempt. */
  owner: string;
  outcome: 'sent' | 'already-delivered' | 'retry' | 'failed' | 'cancelled';
  channel?: NoticeChannel;
  status?: number;
  error?: string;
}

export const NOTICE_ATTEMPTS_LOGGED = 20;

export function noticeId(batchId: string, kind: NoticeKind, email: string): string {
  return `${batchId}:${kind}:${email.toLowerCase()}`;
}

/** The batch a notice id belongs to (batch ids contain no colon). */
export function noticeBatchId(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf(':')));
}
