import { z } from 'zod';

/** The workloads a job can move, in Cutover's words (Graph calls OneDrive `ODSP` and meetings `Meeting`). */
export const WORKLOADS = ['Exchange', 'OneDrive', 'Teams', 'Meetings'] as const;
export type Workload = (typeof WORKLOADS)[number];

/**
 * The most users one job may hold. The docs disagree: the API reference (beta and v1.0) allows 2,000
 * resources per job, the migration orchestrator page 100. 100 is the default; a tenant whose jobs are
 * accepted with more can raise it up to 2,000.
 */
export const MAX_USERS_PER_JOB = 2000;
export const DEFAULT_USERS_PER_JOB = 100;

/**
 * A tenant whose users are moved by Microsoft Graph's cross-tenant migration jobs
 * (`engine.kind: "graph-cross-tenant"`), run from the target tenant with the tenant's own connection
 * (its credential needs `CrossTenantContentMigration.ReadWrite.All`). The tenant's `crossTenant` names
 * the source tenant.
 */
export const graphCrossTenantEngineSchema = z
  .object({
    kind: z.literal('graph-cross-tenant'),
    /** The Graph version the jobs are called on. */
    apiVersion: z.enum(['v1.0', 'beta']).default('v1.0'),
    /** What each job moves. */
    workloads: z
      .array(z.enum(WORKLOADS))
      .min(1)
      .default(['Exchange'])
      .refine((list) => new Set(list).size === list.length, 'each workload once'),
    /** A bigger batch is refused before anything is sent (see MAX_USERS_PER_JOB). */
    maxUsersPerJob: z.number().int().min(1).max(MAX_USERS_PER_JOB).default(DEFAULT_USERS_PER_JOB),
    /** A passed validation older than this is run again before a migration (Graph refuses after 7 days). */
    validationMaxAgeDays: z.number().positive().max(7).default(7),
  })
  .strict();

export type GraphCrossTenantEngineConfig = z.infer<typeof graphCrossTenantEngineSchema>;

/** The engine reads no variables of its own: it uses the tenant's connection. */
export function graphCrossTenantVariables(): { field: string; name: string }[] {
  return [];
}
