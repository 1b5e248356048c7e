import { z } from 'zod';

/**
 * The MigrationWiz state that changes: projects, items, passes and item errors. Times are wall-clock
 * milliseconds. No password and no ticket is ever kept here (the state file holds it).
 */

export const PASS_TYPES = ['Full', 'Verification', 'Trial', 'Repair'] as const;
export type PassType = (typeof PASS_TYPES)[number];

export const PASS_STATUSES = [
  'Submitted',
  'Queued',
  'WaitingForEndUser',
  'Processing',
  'Stopping',
  'Stopped',
  'Completed',
  'Failed',
  'MaximumTransferReached',
] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];
export const FINAL_STATUSES: readonly PassStatus[] = [
  'Stopped',
  'Completed',
  'Failed',
  'MaximumTransferReached',
];

export const ITEM_TYPE_FLAGS = [
  'Folder',
  'Mail',
  'Calendar',
  'Contact',
  'Task',
  'Note',
  'Journal',
  'Rule',
] as const;

const sideSchema = z.object({
  url: z.string().nullable(),
  /** Administrative credentials were given (their password is not kept). */
  administrative: z.boolean(),
  administrativeUsername: z.string().nullable(),
});
export type ProjectSide = z.infer<typeof sideSchema>;

export const connectorSchema = z.object({
  id: z.string(),
  workgroupId: z.string(),
  organizationId: z.string().nullable(),
  name: z.string(),
  projectType: z.string(),
  exportType: z.string(),
  importType: z.string(),
  exportSide: sideSchema,
  importSide: sideSchema,
  maximumSimultaneousMigrations: z.number().int(),
  maximumItemFailures: z.number().int(),
  advancedOptions: z.string().nullable(),
  createdAt: z.number(),
});
export type MwzConnector = z.infer<typeof connectorSchema>;

const countsSchema = z.object({ count: z.number().int().nonnegative(), sizeBytes: z.number().nonnegative() });
export type Counts = z.infer<typeof countsSchema>;
const perTypeSchema = z.object({
  Mail: countsSchema,
  Calendar: countsSchema,
  Contact: countsSchema,
  Task: countsSchema,
});
export type PerType = z.infer<typeof perTypeSchema>;

export const itemSchema = z.object({
  id: z.string(),
  connectorId: z.string(),
  exportEmailAddress: z.string(),
  importEmailAddress: z.string(),
  exportUserName: z.string().nullable(),
  importUserName: z.string().nullable(),
  /** The item carried its own password for that side (not kept). */
  exportCredentials: z.boolean(),
  importCredentials: z.boolean(),
  /** The user supplied their credentials through MigrationWiz's link. */
  userSupplied: z.boolean(),
  createdAt: z.number(),
  statId: z.string(),
  /** Items moved so far, per type. */
  moved: perTypeSchema,
  /** Items that failed and wait for a Repair pass, per type. */
  failed: perTypeSchema,
  /** Error totals over every pass, per type (MailboxStat's ErrorCount). */
  errorTotals: perTypeSchema,
  /** The seeded item errors were produced already. */
  seededErrorsDone: z.boolean(),
  exportDurationMs: z.number().nonnegative(),
  importDurationMs: z.number().nonnegative(),
});
export type MwzItem = z.infer<typeof itemSchema>;

export const passPlanSchema = z.object({
  /** Items this pass moves, per type. */
  moves: perTypeSchema,
  /** Items that fail in this pass, per type. */
  errors: perTypeSchema,
  /** Failed items a Repair pass moves (cleared from the item's `failed` when it completes). */
  repairs: z.boolean(),
  failureMessage: z.string().nullable(),
});
export type PassPlan = z.infer<typeof passPlanSchema>;

export const passSchema = z.object({
  id: z.string(),
  mailboxId: z.string(),
  connectorId: z.string(),
  type: z.enum(PASS_TYPES),
  itemTypes: z.array(z.string()),
  itemStartDate: z.number().nullable(),
  itemEndDate: z.number().nullable(),
  priority: z.number().int(),
  status: z.enum(PASS_STATUSES),
  statusSince: z.number(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  completedAt: z.number().nullable(),
  /** When Processing ends (set when it starts). */
  endsAt: z.number().nullable(),
  failureMessage: z.string().nullable(),
  plan: passPlanSchema.nullable(),
  /** Share of the plan done when a stop was asked for (0..1). */
  stoppedShare: z.number().nullable(),
});
export type MwzPass = z.infer<typeof passSchema>;

export const itemErrorSchema = z.object({
  id: z.string(),
  mailboxId: z.string(),
  connectorId: z.string(),
  migrationId: z.string(),
  type: z.string(),
  createdAt: z.number(),
  itemSize: z.number(),
  message: z.string(),
  itemSubject: z.string(),
});
export type MwzItemError = z.infer<typeof itemErrorSchema>;

export const persistedMigrationWizSchema = z.object({
  connectors: z.array(connectorSchema),
  items: z.array(itemSchema),
  passes: z.array(passSchema),
  errors: z.array(itemErrorSchema),
});
export type PersistedMigrationWiz = z.infer<typeof persistedMigrationWizSchema>;

export function zeroPerType(): PerType {
  return {
    Mail: { count: 0, sizeBytes: 0 },
    Calendar: { count: 0, sizeBytes: 0 },
    Contact: { count: 0, sizeBytes: 0 },
    Task: { count: 0, sizeBytes: 0 },
  };
}
