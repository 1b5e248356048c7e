import type { SkippedUser } from '../model/batch';
import type { BatchStatus, UserStatus, UserStatusSummary } from '../model/statuses';

export type { SkippedUser };

/** A migration batch as the provider reports it (Get-MigrationBatch). */
export interface ProviderBatch {
  identity: string;
  status: BatchStatus;
  migrationType?: string;
  totalCount: number;
  activeCount: number;
  syncedCount: number;
  finalizedCount: number;
  stoppedCount: number;
  failedCount: number;
  pendingCount: number;
  creationDateTime?: string;
  startDateTime?: string;
  initialSyncDateTime?: string;
  lastSyncedDateTime?: string;
  completeAfter?: string;
  sourceEndpoint?: string;
  targetDeliveryDomain?: string;
  message?: string;
  /**
   * Rows Exchange left out when it created the batch (a user already in another batch, an invalid
   * address), read from its warnings; absent when it left nobody out.
   */
  skipped?: SkippedUser[];
}

/** One user of a batch (Get-MigrationUser). */
export interface ProviderUser {
  identity: string;
  emailAddress: string;
  batchId: string;
  status: UserStatus;
  statusSummary: UserStatusSummary;
  lastSuccessfulSyncTime?: string;
  error?: string;
}

/** Per-user statistics (Get-MigrationUserStatistics). Sizes in bytes. */
export interface ProviderUserStatistics extends ProviderUser {
  percentageComplete: number;
  bytesTransferred: number;
  estimatedTotalTransferSize: number;
  syncedItemCount: number;
  totalItemsInSourceMailboxCount: number;
  skippedItemCount: number;
  averageBytesTransferredPerHour?: number;
  currentBytesTransferredPerMinute?: number;
  dataConsistencyScore?: string;
  errorSummary?: string;
}

export interface ProviderMigrationEndpoint {
  identity: string;
  endpointType: string;
  remoteServer?: string;
  remoteTenant?: string;
}

export interface CreateBatchInput {
  name: string;
  /** The CSV text exactly as the batch should receive it (header row first). */
  csv: string;
  sourceEndpoint?: string;
  targetDeliveryDomain?: string;
  /** When set, the batch completes on its own at this time (CompleteAfter). */
  completeAfter?: Date;
  autoStart?: boolean;
  notificationEmails?: string[];
}

export interface UserPage {
  users: ProviderUser[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextLink?: string;
}

/** Per-call options: a correlation id sent as client-request-id, and cancellation. */
export interface CallOptions {
  requestId?: string;
  signal?: AbortSignal;
}

/**
 * What the service layer needs from a migration engine. The Exchange Online
 * provider implements it over InvokeCommand; every method maps to one cmdlet
 * (or a paged series of calls) and throws typed errors from services/errors.
 */
export interface MigrationProvider {
  /** Creates the batch; `skipped` on the result names each row Exchange did not take, and why. */
  createBatch(input: CreateBatchInput, options?: CallOptions): Promise<ProviderBatch>;
  /** Returns null when the batch does not exist. */
  getBatch(name: string, options?: CallOptions): Promise<ProviderBatch | null>;
  /** One page of a batch's users; pass the previous page's nextLink to continue. */
  listUsers(
    batch: string,
    page?: { nextLink?: string; pageSize?: number; status?: UserStatus },
    options?: CallOptions,
  ): Promise<UserPage>;
  getUserStatistics(email: string, options?: CallOptions): Promise<ProviderUserStatistics | null>;
  startBatch(name: string, options?: CallOptions): Promise<void>;
  stopBatch(name: string, options?: CallOptions): Promise<void>;
  /** Completes now (no time) or sets CompleteAfter to the given time. */
  completeBatch(name: string, at?: Date, options?: CallOptions): Promise<void>;
  removeBatch(name: string, options?: CallOptions): Promise<void>;
  getEndpoint(name: string, options?: CallOptions): Promise<ProviderMigrationEndpoint | null>;
}
