import type { ApprovalAction } from './approval';
import type { EngineCapabilities, ProviderPass } from '../providers/migration-provider';
import type { BatchStatus, Scenario, UserStatus } from './statuses';

/** Who did something: always taken from the Teams activity, never from card data. */
export interface Actor {
  id: string;
  name?: string;
}

/** Cutover's own states around Exchange's batch statuses. */
export type LocalBatchState = 'Creating' | 'CreateFailed' | 'Removed';
export type BatchState = BatchStatus | LocalBatchState;

/**
 * What can be asked of a batch. `verify`, `prestage`, `pass` (the full, delta pass) and `retry-errors`
 * exist only on engines that move data in passes.
 */
export type BatchAction =
  | 'create'
  | 'start'
  | 'stop'
  | 'retry'
  | 'complete'
  | 'remove'
  | 'verify'
  | 'prestage'
  | 'pass'
  | 'retry-errors';

/** The pass-based actions, each submitting one pass. */
export const PASS_ACTIONS = ['verify', 'prestage', 'pass', 'retry-errors'] as const;
export type PassAction = (typeof PASS_ACTIONS)[number];

/** The pass each pass action submits. */
export const PASS_OF_ACTION = {
  verify: 'verify',
  prestage: 'prestage',
  pass: 'full',
  'retry-errors': 'repair',
} as const satisfies Record<PassAction, ProviderPass['type']>;

export function isPassAction(action: BatchAction): action is PassAction {
  return (PASS_ACTIONS as readonly string[]).includes(action);
}

/** What the batch's engine can do; absent on batches written before engines were chosen per tenant. */
export const EXCHANGE_CAPABILITIES: EngineCapabilities = {
  passes: false,
  scheduledCompletion: true,
  itemTypeStatistics: false,
};

export function capabilitiesOf(batch: Pick<Batch, 'capabilities'>): EngineCapabilities {
  return batch.capabilities ?? EXCHANGE_CAPABILITIES;
}

/** Where a batch's card lives, as an opaque reference the edge understands. */
export interface CardLocation {
  conversationKey: string;
  activityId?: string;
}

/** At most this many conversations keep a live card of one batch; the oldest is superseded beyond. */
export const MAX_LIVE_CARDS = 20;

/** A CSV row Exchange left out of a new batch, with Exchange's own words for why. */
export interface SkippedUser {
  /** The address as the row gave it (may be invalid, or empty, when the row itself was the problem). */
  email: string;
  reason: string;
}

/** At most this many left-out users are kept on a batch; `count` has the whole number. */
export const MAX_SKIPPED_KEPT = 50;

export interface BatchSummary {
  total: number;
  counts: Partial<Record<UserStatus, number>>;
  /** 0..100 over the whole lifecycle (synced then completed). */
  percent: number;
  failures: { email: string; status: UserStatus; error?: string }[];
  failureCount: number;
  /** Users that reached the current goal (Synced before cutover, Completed after). */
  done: number;
  /** Samples of `done` over time, for the rate and the ETA. Newest last, at most 10. */
  samples: { at: string; done: number }[];
  etaSeconds?: number;
  lastSyncedAt?: string;
  syncedAt?: string;
}

export interface Batch {
  id: string;
  pk: string;
  type: 'batch';
  tenantId: string;
  name: string;
  /** Lower-case name, for case-insensitive look-up (Exchange names are case-insensitive). */
  nameKey: string;
  scenario: Scenario;
  /** Bumped by every accepted command; cards and approvals bind to it. */
  version: number;
  state: BatchState;
  userCount: number;
  sourceEndpoint?: string;
  targetDeliveryDomain?: string;
  /** Requested CompleteAfter (ISO), from creation or a scheduled cutover. */
  completeAfter?: string;
  createdBy: Actor;
  createdAt: string;
  updatedAt: string;
  /** The action in flight, while its intent runs. */
  pending?: { action: BatchAction; intentId: string; requestedAt: string; at?: string };
  /** A gated action waiting for its approval. */
  awaiting?: { action: ApprovalAction; approvalId: string; at?: string };
  /** The last provider failure, in Exchange's words, shown on the card. */
  lastError?: { action: BatchAction; message: string; at: string };
  /**
   * The batch's main conversation (where it was created) and the first card posted there. Milestones,
   * help requests and preflight summaries go to this conversation.
   */
  card?: CardLocation;
  /**
   * The batch cards that follow the batch: at most one per conversation (the newest posted there),
   * oldest first, at most MAX_LIVE_CARDS. Absent in documents written before it existed: read them
   * with `liveCards`.
   */
  cards?: CardLocation[];
  summary?: BatchSummary;
  /** Exchange status when the last sync ran, to detect transitions. */
  providerStatus?: BatchStatus;
  /**
   * Users Exchange left out when it created the batch (already in another batch, an invalid row):
   * `count` of them, the first `MAX_SKIPPED_KEPT` with the reason. Absent when none was left out.
   */
  skipped?: { count: number; users: SkippedUser[] };
  /** Notices to the batch's users, counted after each send pass and each answer. */
  notices?: { sent: number; acknowledged: number; help: number; failed: number; pending: number };
  /** What the tenant's engine could do when the batch was created (cards and rules ask this). */
  capabilities?: EngineCapabilities;
  /** The engine's name for messages; absent on batches written before engines were chosen (Exchange). */
  engineName?: string;
  /** Pass-based engines: the pass most users are in now and the passes every user has completed. */
  passes?: { current?: ProviderPass['type']; done: ProviderPass['type'][] };
}

export interface BatchUser {
  id: string;
  /** The batch id: a batch's users live in one partition. */
  pk: string;
  type: 'batchUser';
  tenantId: string;
  batchId: string;
  email: string;
  status: UserStatus;
  statusSummary?: string;
  error?: string;
  lastSuccessfulSyncTime?: string;
  /** Pass-based engines: where the mail comes from, the engine's own status word, the latest pass. */
  sourceEmail?: string;
  engineStatus?: string;
  lastPass?: ProviderPass;
  updatedAt: string;
}

export { TERMINAL_STATES } from './batch-states';

export const FAILED_USER_STATUSES: readonly UserStatus[] = [
  'Failed',
  'IncrementalFailed',
  'CompletionFailed',
  'Corrupted',
];

/** The batch cards to keep up to date; a document with only the older single `card` has that one. */
export function liveCards(batch: Pick<Batch, 'card' | 'cards'>): CardLocation[] {
  if (batch.cards) return batch.cards;
  return batch.card?.activityId ? [batch.card] : [];
}

/** Where the batch's posts go: the conversation it was created in, else where its first card is. */
export function mainConversation(batch: Pick<Batch, 'card' | 'cards'>): string | undefined {
  return batch.card?.conversationKey ?? batch.cards?.[0]?.conversationKey;
}

export function batchId(tenantId: string, name: string): string {
  return `${tenantId}~${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
}
