import type { Actor } from './batch';

export interface AuditEvent {
  id: string;
  /** The batch id (or 'tenant:<id>' for tenant-level events). */
  pk: string;
  type: 'audit';
  tenantId: string;
  batchId?: string;
  batchVersion?: number;
  at: string;
  actor: Actor;
  action: string;
  outcome: 'requested' | 'done' | 'refused' | 'failed' | 'approved' | 'rejected' | 'expired' | 'void';
  detail?: string;
}
