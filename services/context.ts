import type { Logger } from 'pino';
import type { TenantConfig, TenantsFile } from './config/tenants';
import type { Approval } from './model/approval';
import type { Batch } from './model/batch';
import type { MigrationProvider } from './providers/migration-provider';
import type { Repositories } from './store/repositories';

export type Milestone = 'synced' | 'completed' | 'create_failed' | 'action_failed' | 'removed';

/**
 * What the service layer tells the outside world. The bot implements it
 * (card updates, posts in the batch's conversation); services know no Teams.
 */
export interface BatchEvents {
  batchChanged(batch: Batch): Promise<void>;
  milestone(batch: Batch, milestone: Milestone, detail?: string): Promise<void>;
  /**
   * An approval was asked for (post its card where the policy says), decided or closed (update its
   * cards; tell the requester about a rejection), or is half-way to expiry (remind the approvers left).
   */
  approvalChanged(approval: Approval, change: 'requested' | 'decided' | 'closed' | 'reminder'): Promise<void>;
}

export interface ServiceContext {
  repos: Repositories;
  tenants: TenantsFile;
  tenant(id: string): TenantConfig | undefined;
  provider(tenantId: string): MigrationProvider;
  events: BatchEvents;
  now: () => Date;
  log: Logger;
  /** Wakes the intent runner after an intent was recorded. */
  kick(): void;
}
