import type { Actor } from './batch';
import type { Failure } from './result';

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
  /** Why it was refused, as a code and its data (the audit card words it; `detail` says where, if anywhere). */
  refusal?: Pick<Failure, 'code' | 'data'>;
}
