import type { Logger } from 'pino';
import type { TenantConfig, TenantsFile } from './config/tenants';
import type { Approval } from './model/approval';
import type { Batch } from './model/batch';
import type { Notice } from './model/notice';
import type { TenantDigest } from './jobs/digest';
import type { Sealer } from './secrets/sealed-text';
import type { PreflightReport } from './model/preflight';
import type { DirectoryProvider, GraphDirectory } from './providers/directory-provider';
import type { GraphNotices } from './providers/graph';
import type { MigrationProvider } from './providers/migration-provider';
import type { Repositories } from './store/repositories';

/** `users_left_out`: Exchange created the batch without some of its rows (the batch's `skipped`). */
export type Milestone =
  | 'synced'
  | 'completed'
  | 'create_failed'
  | 'action_failed'
  | 'removed'
  | 'users_left_out';

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
  /** A preflight run finished (or could not): show its summary where the batch lives. */
  preflightFinished(report: PreflightReport, batch: Batch): Promise<void>;
  /** A migrated user answered "I need help" on a notice: tell the batch's conversation. */
  helpRequested(notice: Notice): Promise<void>;
  /**
   * A tenant's daily digest: post it where it says; resolves to the number of conversations it reached
   * and throws when it reached none it should have. Without it, no digest is posted.
   */
  dailyDigest?(digest: TenantDigest): Promise<number>;
}

/** Which tenant of a cross-tenant pair: the configured (target) connection or the source's. */
export type TenantSide = 'target' | 'source';

export interface ServiceContext {
  repos: Repositories;
  tenants: TenantsFile;
  tenant(id: string): TenantConfig | undefined;
  provider(tenantId: string): MigrationProvider;
  /** Recipient reads in the tenant (or its cross-tenant source); undefined when that side is not configured. */
  directory(tenantId: string, side?: TenantSide): DirectoryProvider | undefined;
  graph(tenantId: string, side?: TenantSide): GraphDirectory | undefined;
  /** Graph calls for notices in the tenant (user ids, app installation, mail). */
  graphNotices(tenantId: string): GraphNotices | undefined;
  events: BatchEvents;
  now: () => Date;
  log: Logger;
  /** Encrypts what must be kept but never stored in clear (a staged batch's passwords). */
  sealer: Sealer;
  /** Wakes the intent runner after an intent was recorded. */
  kick(): void;
}
