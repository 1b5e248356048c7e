import { z } from 'zod';

/**
 * Cross-tenant migration jobs (Microsoft Graph `solutions/migrations/crossTenantMigrationJobs`): what
 * the simulator keeps of each job. Statuses are not stored: they are derived from these times and the
 * clock (job-timeline.ts); only outcomes that must not change afterwards (a user's failure, the job's
 * end) are latched here. Times are wall-clock milliseconds.
 */

/** The workloads a job moves, in the order the cutover runs them. */
export const WORKLOADS = ['Exchange', 'ODSP', 'Teams', 'Meeting'] as const;
export type Workload = (typeof WORKLOADS)[number];

export const JOB_STATUSES = [
  'submitted',
  'validateSubmitted',
  'validateInProgress',
  'validatePassed',
  'validateFailed',
  'processing',
  'inProgress',
  'cuttingOver',
  'completed',
  'completedWithErrors',
  'failed',
  'pendingCancel',
  'cancelled',
  'pendingDelete',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses a job ends in: it may be deleted, and its users may join another job. */
export const FINAL_STATUSES: readonly JobStatus[] = [
  'completed',
  'completedWithErrors',
  'failed',
  'cancelled',
];

const validationErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ValidationError = z.infer<typeof validationErrorSchema>;

/** One user's validation outcome: the errors found per workload (none: valid). */
const userValidationSchema = z.object({
  id: z.string(),
  errors: z.array(z.object({ service: z.enum(WORKLOADS), code: z.string(), message: z.string() })),
});
export type UserValidation = z.infer<typeof userValidationSchema>;

export const jobUserSchema = z.object({
  /** The target user's Entra object id: the task id. */
  id: z.string(),
  /** The target user's primary address (faults name users by address). */
  email: z.string(),
  /** The source mailbox's address, when the target MailUser points at one. */
  sourceAddress: z.string().nullable(),
  /** Size of the mailbox to move (drives the Exchange sync time). */
  sizeBytes: z.number().nonnegative(),
  /** When this user's current migration round was requested; null until migrate. */
  roundStartedAt: z.number().nullable(),
  /** A latched failure of the current round. */
  failure: z.object({ at: z.number(), message: z.string() }).nullable(),
  /** When the user's migration was cancelled (the job's or the user's own cancel). */
  cancelledAt: z.number().nullable(),
  /** When the user finished moving (latched at the end of its round). */
  completedAt: z.number().nullable(),
});
export type JobUser = z.infer<typeof jobUserSchema>;

export const graphJobSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** The target tenant's GUID: the tenant that holds the resources and runs the job. */
  tenantId: z.string(),
  sourceTenantId: z.string(),
  createdAt: z.number(),
  completeAfter: z.number(),
  workloads: z.array(z.enum(WORKLOADS)),
  sourceEndpoint: z.string().nullable(),
  targetDeliveryDomain: z.string().nullable(),
  validation: z
    .object({
      requestedAt: z.number(),
      /** Found when validation was requested, shown once it finishes. */
      users: z.array(userValidationSchema),
    })
    .nullable(),
  migration: z.object({ requestedAt: z.number() }).nullable(),
  cancelRequestedAt: z.number().nullable(),
  deleteRequestedAt: z.number().nullable(),
  /** The job's end, latched once reached (cleared when migrate runs again). */
  finished: z.object({ status: z.enum(JOB_STATUSES), at: z.number() }).nullable(),
  users: z.array(jobUserSchema),
});
export type GraphJob = z.infer<typeof graphJobSchema>;
