import { randomUUID } from 'node:crypto';
import type { Approval } from '../model/approval';
import type { AuditEvent } from '../model/audit';
import type { Batch, BatchUser } from '../model/batch';
import type { DigestMarker } from '../model/digest';
import type { BatchHistory } from '../model/history';
import type { ConversationDoc } from '../model/conversation';
import type { Intent } from '../model/intent';
import type { Lease } from '../model/lease';
import type { Notice } from '../model/notice';
import type { PreflightReport } from '../model/preflight';
import type { RunbookDoc } from '../model/runbook';
import type { SendBudgetDoc } from '../model/send-budget';
import type { Container, DocumentStore, Page, Stored } from './document-store';

/**
 * Repositories over the document store, one per access pattern. Partition keys:
 * batches by tenant, a batch's users/intents/audit by batch id, conversations,
 * leases and send budgets by their own id.
 */
export interface Repositories {
  batches: Container<Batch>;
  batchUsers: Container<BatchUser>;
  intents: Container<Intent>;
  approvals: Container<Approval>;
  audit: Container<AuditEvent>;
  conversations: Container<ConversationDoc>;
  leases: Container<Lease>;
  preflight: Container<PreflightReport>;
  notices: Container<Notice>;
  runbooks: Container<RunbookDoc>;
  /** Each tenant's shared notice send schedule (one document per tenant). */
  sendBudgets: Container<SendBudgetDoc>;
  /** A batch's progress samples for the report (one document per batch). */
  history: Container<BatchHistory>;
  /** The daily digest's markers: one per tenant and day. */
  digests: Container<DigestMarker>;
}

export function repositories(store: DocumentStore): Repositories {
  return {
    batches: store.container<Batch>('batches'),
    batchUsers: store.container<BatchUser>('batchUsers'),
    intents: store.container<Intent>('intents'),
    approvals: store.container<Approval>('approvals'),
    audit: store.container<AuditEvent>('audit'),
    conversations: store.container<ConversationDoc>('conversations'),
    leases: store.container<Lease>('leases'),
    preflight: store.container<PreflightReport>('preflight'),
    notices: store.container<Notice>('notices'),
    runbooks: store.container<RunbookDoc>('runbooks'),
    sendBudgets: store.container<SendBudgetDoc>('sendBudgets'),
    history: store.container<BatchHistory>('history'),
    digests: store.container<DigestMarker>('digests'),
  };
}

export async function findBatchesByName(repos: Repositories, name: string, tenantId?: string) {
  const page = await repos.batches.query({
    pk: tenantId,
    where: { nameKey: name.toLowerCase() },
    pageSize: 50,
  });
  return page.items;
}

export async function appendAudit(
  repos: Repositories,
  event: Omit<AuditEvent, 'id' | 'pk' | 'type'>,
): Promise<Stored<AuditEvent>> {
  return repos.audit.create({
    ...event,
    id: `${event.at}-${randomUUID()}`,
    pk: event.batchId ?? `tenant:${event.tenantId}`,
    type: 'audit',
  });
}

export function listBatchUsers(
  repos: Repositories,
  batchId: string,
  options: { status?: string[]; pageSize?: number; continuation?: string } = {},
): Promise<Page<Stored<BatchUser>>> {
  return repos.batchUsers.query({
    pk: batchId,
    where: options.status ? { status: options.status } : undefined,
    orderBy: { field: 'email' },
    pageSize: options.pageSize,
    continuation: options.continuation,
  });
}
