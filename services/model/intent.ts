import type { PassType } from '../providers/migration-provider';
import type { SealedText } from '../secrets/sealed-text';
import type { Actor, BatchAction } from './batch';

export type IntentStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * A side effect on the provider, recorded before it happens. The id is the
 * idempotency key: one intent per (batch, action, batch version).
 */
export interface Intent {
  id: string;
  pk: string;
  type: 'intent';
  tenantId: string;
  batchId: string;
  batchName: string;
  action: BatchAction;
  status: IntentStatus;
  /** For complete: the requested time (ISO); absent means now. */
  at?: string;
  /** For create: what New-MigrationBatch needs. */
  create?: {
    emails: string[];
    /** A staged batch's CSV with its passwords, encrypted; never stored in clear. */
    sealedCsv?: SealedText;
    sourceEndpoint?: string;
    targetDeliveryDomain?: string;
    completeAfter?: string;
    /** Pass-based engines: each user's source and target address. */
    mapping?: { source: string; target: string }[];
  };
  /** For a pass action: the pass to submit. */
  pass?: { type: PassType; olderThanDays?: number };
  requestedBy: Actor;
  requestedAt: string;
  attempts: number;
  updatedAt: string;
  /** Set when the provider already showed the effect and the call was not repeated. */
  reconciled?: boolean;
  error?: string;
}

export function intentId(batchId: string, action: BatchAction, version: number): string {
  return `${batchId}:${action}:v${version}`;
}
