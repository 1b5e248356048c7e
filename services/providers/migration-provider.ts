import type { SkippedUser } from '../model/batch';
import type { BatchStatus, UserStatus, UserStatusSummary } from '../model/statuses';

export type { SkippedUser };

/**
 * What an engine can do. Cards, commands and rules ask these, never the engine's name.
 */
export interface EngineCapabilities {
  /** Data moves in passes the operator runs one by one (verify, pre-stage, full, retry errors). */
  passes: boolean;
  /** The batch completes on its own at a set time (a scheduled cutover). */
  scheduledCompletion: boolean;
  /** Statistics per item type (mail, calendar, contacts, tasks) for each user. */
  itemTypeStatistics: boolean;
  /**
   * The engine validates a batch itself before it moves anything (`validateBatch`); its result is part
   * of the preflight, per user with the fix.
   */
  validation?: boolean;
  /**
   * A stopped batch can be resumed (default true). An engine whose stop is a cancel that cannot be
   * undone says false: the batch can then only be removed (and created again).
   */
  resumeAfterStop?: boolean;
}

/** One workload of a user's move (Exchange, OneDrive, Teams, meetings), in the engine's words. */
export interface WorkloadStatus {
  /** `Exchange`, `OneDrive`, `Teams`, `Meetings`. */
  workload: string;
  /** The engine's status word (e.g. `syncing`, `completed`, `invalid`). */
  status: string;
  message?: string;
  errors?: { code: string; message: string }[];
}

/** A user the engine's own validation found a problem with: its code, its words and the fix. */
export interface ValidationProblem {
  code: string;
  message: string;
  /** What to do about it, in Cutover's words for the code (the engine's message when the code is unknown). */
  fix: string;
  workload?: string;
}

/** Where an engine's validation of a batch stands. */
export interface BatchValidation {
  /** `running` until the engine has an answer; `passed` when every user is valid. */
  state: 'running' | 'passed' | 'failed';
  /** When the engine finished validating (ISO-8601). */
  validatedAt?: string;
  /** The users with problems (only those), by the address the batch knows them by. */
  invalidUsers: { email: string; problems: ValidationProblem[] }[];
  /** Problems of the batch itself (its endpoint, the organization relationship). */
  batchProblems: ValidationProblem[];
}

/**
 * The passes of a pass-based engine, in the order the seeds run them: `verify` checks credentials and
 * moves nothing; `prestage` moves mail older than a cut-off; `full` moves what is not yet moved (the
 * delta after the MX switch, with calendars, contacts and tasks); `repair` retries the items that
 * failed in a completed pass.
 */
export const PASS_TYPES = ['verify', 'prestage', 'full', 'repair'] as const;
export type PassType = (typeof PASS_TYPES)[number];

/** A pass's state in Cutover's words; each engine maps its own statuses onto these. */
export const PASS_STATUSES = [
  'queued',
  'running',
  'waiting-for-user',
  'stopping',
  'stopped',
  'completed',
  'completed-with-errors',
  'failed',
] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

/** One pass of one user. */
export interface ProviderPass {
  type: PassType;
  status: PassStatus;
  /** The engine's own status word (e.g. `WaitingForEndUser`), for display. */
  engineStatus: string;
  /** ISO-8601 times. */
  submittedAt?: string;
  startedAt?: string;
  completedAt?: string;
  /** The engine's failure text, as it gave it. */
  failureMessage?: string;
  /** Pre-stage: only items older than this moved (ISO-8601). */
  itemsBefore?: string;
}

/** Moved and failed items of one type for one user (sizes in bytes). */
export interface ItemTypeStatistics {
  /** `Mail`, `Calendar`, `Contact`, `Task`, … as the engine names them. */
  itemType: string;
  successCount: number;
  successBytes: number;
  errorCount: number;
  errorBytes: number;
}

/** A pass to submit for a batch's users. */
export interface PassRequest {
  type: PassType;
  /** Pre-stage: move mail older than this many days (default 90). */
  olderThanDays?: number;
  /**
   * The idempotency rule: a user who already has a pass of this type submitted at or after this time
   * is not submitted again, so repeating the request after a crash submits each user once.
   */
  since: Date;
}

/** What a pass submission did. */
export interface PassSubmission {
  submitted: number;
  /** Users that already had this pass since `since` (a repeated request). */
  alreadySubmitted: number;
  /** Users the pass does not apply to (repair: their last pass had no errors), with the reason. */
  notApplicable: number;
}

/** How many of a batch's users are in each kind of state (each engine counts its own way). */
export type BatchCounts = Pick<
  ProviderBatch,
  | 'totalCount'
  | 'activeCount'
  | 'syncedCount'
  | 'finalizedCount'
  | 'stoppedCount'
  | 'failedCount'
  | 'pendingCount'
>;

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
  /** Pass-based engines: the pass most users are in now, and the passes every user has completed. */
  passes?: { current?: PassType; done: PassType[] };
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
  /** Pass-based engines: the address the mail comes from (the mapping's source). */
  sourceEmail?: string;
  /** The engine's own status word when it is not the neutral one, for display. */
  engineStatus?: string;
  /** Pass-based engines: the user's latest pass. */
  lastPass?: ProviderPass;
  /** Engines that move several workloads: each one's status. */
  workloads?: WorkloadStatus[];
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
  /** Pass-based engines: every pass of the user, newest first. */
  passes?: ProviderPass[];
  /** Engines with `itemTypeStatistics`: moved and failed items by type. */
  itemTypes?: ItemTypeStatistics[];
  /** Set while the engine waits for the user (e.g. to enter their credentials): what they must do. */
  waitingForUser?: string;
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
  /** Pass-based engines: each user's source and target address, from the mapping CSV. */
  mapping?: { source: string; target: string }[];
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
 * What the service layer needs from a migration engine, in Cutover's neutral model: batch and user
 * states use the vocabulary of `model/statuses` whatever the engine, and each engine maps its own
 * statuses onto it (keeping its raw words in `engineStatus` and its error text for display). The
 * Exchange Online provider implements it over InvokeCommand (one cmdlet per method); others live
 * beside it in `providers/<engine>/` and are chosen per tenant (`providers/engines.ts`). Methods throw
 * typed errors from services/errors.
 */
export interface MigrationProvider {
  readonly capabilities: EngineCapabilities;
  /** The engine's name as users know it, for messages ("Exchange", "MigrationWiz"). */
  readonly displayName: string;
  /**
   * When true, `createBatch` may be called again for a batch that already exists and adds only the
   * users not there yet (a create interrupted half-way is finished, not skipped).
   */
  readonly resumableCreate?: boolean;
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
  /**
   * Engines with `passes`: submits a pass for the batch's users it applies to (see PassRequest.since).
   * `stopBatch` stops the passes in progress; `startBatch` resubmits stopped and failed passes.
   */
  submitPass?(name: string, pass: PassRequest, options?: CallOptions): Promise<PassSubmission>;
  /**
   * Engines with `validation`: starts the engine's validation of the batch when none is running or its
   * result is older than the engine allows, and returns where it stands (poll until not `running`).
   */
  validateBatch?(name: string, options?: CallOptions): Promise<BatchValidation>;
}

/**
 * What one status sync reads from an engine: the batch (null when it is gone) and every page of its
 * users.
 */
export async function readBatchAndUsers(
  provider: MigrationProvider,
  name: string,
  options?: CallOptions,
): Promise<{ batch: ProviderBatch | null; users: ProviderUser[] }> {
  const batch = await provider.getBatch(name, options);
  if (!batch) return { batch, users: [] };
  const users: ProviderUser[] = [];
  let nextLink: string | undefined;
  do {
    const page = await provider.listUsers(name, { nextLink }, options);
    users.push(...page.users);
    nextLink = page.nextLink;
  } while (nextLink);
  return { batch, users };
}
