import type { TenantConfig } from '../config/tenants';
import type { ServiceContext } from '../context';
import type { Batch } from '../model/batch';
import { type Notice, type NoticeStatus, noticeId } from '../model/notice';
import { readAll, type Stored } from '../store/document-store';
import { createIfAbsent } from '../store/update-document';
import { type NoticeKind, noticeContent } from './content';

/** What a notice needs to know about its batch. */
export type NoticeBatch = Pick<Batch, 'id' | 'tenantId' | 'name' | 'scenario'>;

/** Notices written at once when a batch's users are enqueued. */
export const ENQUEUE_PARALLEL = 20;
export const NOTICES_PAGE_SIZE = 20;

/** "2026-12-01T18:00:00Z" as "2026-12-01 18:00 UTC". */
export function formatCutoverAt(at: Date | string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

/** A name to greet the user by, from their address: "adele.vance@fabrikam.com" is "Adele Vance". */
export function displayNameOf(email: string): string {
  const local = email.split('@', 1)[0] ?? email;
  const words = local.split(/[._+-]+/).filter((word) => word !== '');
  if (words.length === 0) return local;
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

/**
 * Whether a tenant's users get this kind of notice for this scenario: nothing when notices are off,
 * and hybrid moves (which need no profile reset) only when the tenant asks for the optional notice.
 */
export function noticesApply(tenant: TenantConfig | undefined, scenario: Batch['scenario']): boolean {
  if (!tenant?.notices.enabled) return false;
  if (scenario === 'hybrid' && !tenant.notices.hybridNotice) return false;
  return true;
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Records one notice of `kind` for each address (the outbox: nothing is sent here). The id fixes
 * (batch, kind, user), so a notice that exists already is left as it is: enqueueing twice records
 * once. The text is rendered now, with `at` as the cutover time it names, so that every attempt sends
 * the same words. Returns how many notices are new; none when the tenant's notices are off, or for a
 * hybrid batch unless the tenant sends the optional hybrid notice.
 */
/** The words one user gets: the scenario's wording (or the tenant's) with the tenant's values filled in. */
export function renderNotice(
  tenant: TenantConfig,
  scenario: Batch['scenario'],
  kind: NoticeKind,
  email: string,
  cutoverAt: string,
): Notice['content'] {
  const settings = tenant.notices;
  const content = noticeContent({
    scenario,
    kind,
    values: {
      newSignInName: email,
      owaUrl: settings.owaUrl,
      helpContact: settings.helpContact,
      cutoverAt: formatCutoverAt(cutoverAt),
      displayName: displayNameOf(email),
      tenantName: tenant.displayName,
    },
    overrides: settings.templates,
  });
  return { ...content, helpContact: settings.helpContact };
}

/** A notice as recorded before sending: pending, its words rendered once. */
export function newNotice(
  tenant: TenantConfig,
  batch: NoticeBatch,
  kind: NoticeKind,
  email: string,
  cutoverAt: string,
  createdAt: string,
): Notice {
  return {
    id: noticeId(batch.id, kind, email),
    pk: batch.id,
    type: 'notice',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    scenario: batch.scenario,
    kind,
    email,
    content: renderNotice(tenant, batch.scenario, kind, email, cutoverAt),
    status: 'pending',
    attempts: 0,
    cutoverAt,
    createdAt,
    updatedAt: createdAt,
  };
}

export async function enqueueNotices(
  ctx: ServiceContext,
  batch: NoticeBatch,
  emails: readonly string[],
  kind: NoticeKind,
  at: Date | string,
  options: { userIds?: ReadonlyMap<string, string> } = {},
): Promise<number> {
  const tenant = ctx.tenant(batch.tenantId);
  if (!noticesApply(tenant, batch.scenario) || !tenant) return 0;
  const when = new Date(at);
  const cutoverAt = Number.isNaN(when.getTime()) ? String(at) : when.toISOString();
  const createdAt = ctx.now().toISOString();
  const unique = [...new Set(emails.map((email) => email.trim().toLowerCase()).filter((e) => e !== ''))];
  let created = 0;
  await forEachBounded(unique, ENQUEUE_PARALLEL, async (email) => {
    const notice = newNotice(tenant, batch, kind, email, cutoverAt, createdAt);
    notice.userId = options.userIds?.get(email);
    // Recorded once: an existing notice for this (batch, kind, user) is left as it is.
    if (await createIfAbsent(ctx.repos.notices, notice)) created++;
  });
  if (created > 0) {
    ctx.log.info({ batchId: batch.id, kind, created, asked: unique.length }, 'notices recorded');
  }
  return created;
}

/** A batch's notices for its card, by notice. `pending` includes notices being sent right now. */
export interface NoticeCounts {
  sent: number;
  /** Notices answered with "Done, Outlook works". */
  acknowledged: number;
  /** Notices answered with "I need help". */
  help: number;
  failed: number;
  pending: number;
}

/** Counts a batch's notices (of one kind, or all). */
export async function noticeCounts(
  ctx: ServiceContext,
  batchId: string,
  kind?: NoticeKind,
): Promise<NoticeCounts> {
  const counts: NoticeCounts = { sent: 0, acknowledged: 0, help: 0, failed: 0, pending: 0 };
  const notices = await readAll(ctx.repos.notices, { pk: batchId, where: kind ? { kind } : undefined });
  for (const notice of notices) {
    if (notice.status === 'sent') counts.sent++;
    else if (notice.status === 'failed') counts.failed++;
    else if (notice.status === 'pending' || notice.status === 'sending') counts.pending++;
    if (notice.ack?.answer === 'done') counts.acknowledged++;
    else if (notice.ack?.answer === 'help') counts.help++;
  }
  return counts;
}

/**
 * Which of a batch's notices to list: not sent yet (`pending`, including those being sent), answered
 * with "I need help", failed, or all of them.
 */
export type NoticeFilter = 'pending' | 'help' | 'failed' | 'all';
export const NOTICE_FILTERS: readonly NoticeFilter[] = ['pending', 'help', 'failed', 'all'];

const STATUSES_OF: Record<NoticeFilter, NoticeStatus[] | undefined> = {
  pending: ['pending', 'sending'],
  help: undefined,
  failed: ['failed'],
  all: undefined,
};

export interface NoticesPage {
  notices: Stored<Notice>[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pageCount: number;
  total: number;
}

/** One page of a batch's notices, by address then kind. */
export async function listNotices(
  ctx: ServiceContext,
  batchId: string,
  filter: NoticeFilter,
  page = 1,
): Promise<NoticesPage> {
  const statuses = STATUSES_OF[filter];
  let notices = await readAll(ctx.repos.notices, {
    pk: batchId,
    where: statuses ? { status: statuses } : undefined,
    orderBy: { field: 'email' },
  });
  if (filter === 'help') notices = notices.filter((notice) => notice.ack?.answer === 'help');
  notices.sort((a, b) => a.email.localeCompare(b.email) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const total = notices.length;
  const pageCount = Math.max(1, Math.ceil(total / NOTICES_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * NOTICES_PAGE_SIZE;
  return { notices: notices.slice(start, start + NOTICES_PAGE_SIZE), page: current, pageCount, total };
}

const KIND_ORDER: Record<NoticeKind, number> = { 'heads-up': 0, reset: 1, reminder: 2 };
