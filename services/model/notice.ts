import type { NoticeContent, NoticeKind } from '../notices/content';
import type { Actor } from './batch';
import type { Scenario } from './statuses';

export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'failed';
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
}

export function noticeId(batchId: string, kind: NoticeKind, email: string): string {
  return `${batchId}:${kind}:${email.toLowerCase()}`;
}

/** The batch a notice id belongs to (batch ids contain no colon). */
export function noticeBatchId(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf(':')));
}
