import { z } from 'zod';
import { graphJobSchema } from '../graph/migration-jobs/job-schema';
import { persistedMigrationWizSchema } from '../migrationwiz/mwz-schema';
import { conversionSchema } from '../staged/staged-org-state';

/**
 * The mutable part of the simulated organisation: migration batches, their users and the per-user
 * faults. Times are wall-clock milliseconds. The same schema checks a state file when it is loaded.
 */

/** The user statuses this simulator produces (a subset of the Exchange enum). */
export const SIM_USER_STATUSES = [
  'Queued',
  // Staged migrations: the MEU is being converted to a mailbox and forwarding set on premises.
  'Provisioning',
  'Syncing',
  'Synced',
  'Stopping',
  'Stopped',
  'Completing',
  'Completed',
  'Failed',
] as const;
export type SimUserStatus = (typeof SIM_USER_STATUSES)[number];

export const migrationUserSchema = z.object({
  /** The address from the CSV (the target-tenant address): the user's Identity. */
  email: z.string(),
  recipientType: z.enum(['Mailbox', 'MailUser']).nullable(),
  mailboxGuid: z.string().nullable(),
  /** The source address (the MailUser's ExternalEmailAddress), when known. */
  sourceAddress: z.string().nullable(),
  status: z.enum(SIM_USER_STATUSES),
  sizeBytes: z.number().nonnegative(),
  itemCount: z.number().int().nonnegative(),
  skippedItemCount: z.number().int().nonnegative(),
  /** Simulated transfer rate of this mailbox, bytes per simulated hour. */
  rateBytesPerHour: z.number().positive(),
  /** Bytes moved when the current transfer segment began (or in total when not transferring). */
  bytesTransferred: z.number().nonnegative(),
  /** When the current transfer segment (Syncing) began. */
  segmentStartedAt: z.number().nullable(),
  /** When the user entered its current status. */
  statusSince: z.number(),
  /** Milliseconds spent transferring in finished segments (for the average rate). */
  transferMs: z.number().nonnegative(),
  lastSuccessfulSyncAt: z.number().nullable(),
  completedAt: z.number().nullable(),
  /** A permanent failure carried by the recipient (seeded data). */
  seededFailure: z.string().nullable(),
  error: z.string().nullable(),
  failureKind: z.enum(['validation', 'initial', 'incremental']).nullable(),
  wasSynced: z.boolean(),
  /**
   * Staged migrations: when the MEU became a mailbox and the on-premises mailbox got its forwarding
   * (TargetAddress); null until then. Absent for other migration types.
   */
  provisionedAt: z.number().nullable().optional(),
  /** Staged migrations: whether the CSV gave a password (the password itself is never kept). */
  passwordSet: z.boolean().optional(),
  forceChangePassword: z.boolean().optional(),
});
export type MigrationUser = z.infer<typeof migrationUserSchema>;

export const BATCH_PHASES = [
  'Created',
  'Starting',
  'Waiting',
  'Running',
  'Stopping',
  'Stopped',
  'Completing',
  'Completed',
] as const;
export type BatchPhase = (typeof BATCH_PHASES)[number];

export const migrationBatchSchema = z.object({
  name: z.string(),
  guid: z.string(),
  tenantId: z.string(),
  migrationType: z.string(),
  phase: z.enum(BATCH_PHASES),
  phaseSince: z.number(),
  /** Time up to which the batch has been simulated. */
  clock: z.number(),
  sourceEndpoint: z.string(),
  targetDeliveryDomain: z.string().nullable(),
  autoComplete: z.boolean(),
  /** Set when failed users of a completed batch are retried: they complete once synced. */
  completeWhenSynced: z.boolean(),
  completeAfter: z.number().nullable(),
  startAfter: z.number().nullable(),
  notificationEmails: z.array(z.string()),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  initialSyncAt: z.number().nullable(),
  lastSyncedAt: z.number().nullable(),
  skippedItemsApproved: z.boolean(),
  message: z.string(),
  validationWarnings: z.array(z.string()),
  /** Users moved at the same time; the endpoint's MaxConcurrentMigrations (staged batches). */
  maxConcurrentMigrations: z.number().int().positive().optional(),
  users: z.array(migrationUserSchema),
});
export type MigrationBatch = z.infer<typeof migrationBatchSchema>;

export const userFaultSchema = z.object({
  email: z.string(),
  error: z.string().nullable(),
  since: z.number(),
});
export type UserFault = z.infer<typeof userFaultSchema>;

/** A Teams app installed for a user through Graph (`POST /users/{id}/teamwork/installedApps`). */
export const appInstallationSchema = z.object({
  /** Graph's installation id: base64 of `<user object id>##<catalog app id>`. */
  id: z.string(),
  userObjectId: z.string(),
  teamsAppId: z.string(),
  installedAt: z.number(),
});
export type AppInstallation = z.infer<typeof appInstallationSchema>;

/** A Teams conversation the bot can post into: the 1:1 chat an installation created, or one it was told of. */
export const conversationSchema = z.object({
  id: z.string(),
  /** The user of a 1:1 chat; null for a conversation only known from the activities posted into it. */
  userObjectId: z.string().nullable(),
  tenantId: z.string().nullable(),
  createdAt: z.number(),
});
export type SimConversation = z.infer<typeof conversationSchema>;

export const teamsDeliverySchema = z.object({
  kind: z.literal('teams'),
  at: z.number(),
  conversationId: z.string(),
  activityId: z.string(),
  replyToId: z.string().nullable(),
  tenantId: z.string().nullable(),
  /** Who the message reached: the user's UPN when known, else the recipient as the activity named it. */
  recipient: z.string().nullable(),
  text: z.string().nullable(),
  summary: z.string().nullable(),
  attachments: z.array(z.unknown()),
  noticeId: z.string().nullable(),
});
export type TeamsDeliveryRecord = z.infer<typeof teamsDeliverySchema>;

export const mailDeliverySchema = z.object({
  kind: z.literal('mail'),
  at: z.number(),
  id: z.string(),
  /** The sending mailbox's primary address. */
  sender: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  contentType: z.string(),
  body: z.string(),
  headers: z.record(z.string(), z.string()),
  savedToSentItems: z.boolean(),
  noticeId: z.string().nullable(),
});
export type MailDeliveryRecord = z.infer<typeof mailDeliverySchema>;

export const deliveryRecordSchema = z.discriminatedUnion('kind', [teamsDeliverySchema, mailDeliverySchema]);
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

/** What Teams and Exchange mail hold after notices went out; absent in files written before they existed. */
export const persistedMessagingSchema = z.object({
  installations: z.array(appInstallationSchema),
  conversations: z.array(conversationSchema),
  deliveries: z.array(deliveryRecordSchema),
});
export type PersistedMessaging = z.infer<typeof persistedMessagingSchema>;

export const persistedStateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  extraMailUsers: z.number(),
  savedAt: z.string(),
  batches: z.array(migrationBatchSchema),
  userFaults: z.array(userFaultSchema),
  messaging: persistedMessagingSchema.optional(),
  /** Absent in files written before the MigrationWiz stand-in existed. */
  mwzExtraMailboxes: z.number().optional(),
  migrationWiz: persistedMigrationWizSchema.optional(),
  /** Graph's cross-tenant migration jobs; absent in files written before they existed. */
  graphMigrationJobs: z.array(graphJobSchema).optional(),
  /** MEUs staged migrations converted to mailboxes; absent in files written before they existed. */
  stagedConversions: z.array(conversionSchema).optional(),
});
export type PersistedState = z.infer<typeof persistedStateSchema>;
