import type { Logger } from 'pino';
import { EngineError, EngineNotFoundError } from '../../errors';
import type { CallOptions, ProviderUser } from '../migration-provider';
import type { GraphCrossTenantEngineConfig } from './config';
import { ENGINE_NAME, type GraphJob, type GraphUserTask, type JobsClient } from './jobs-client';

/** A job and its users as one sync read them. */
export interface JobSnapshot {
  job: GraphJob;
  tasks: GraphUserTask[];
  users: ProviderUser[];
  /** Date.now() when read. */
  readAt: number;
  /** Whether a `listUsers` first page has served these users already (a later one reads again). */
  handedOver: boolean;
}

/** What the engine's parts share: the client, the configuration and what it remembers between calls. */
export interface EngineContext {
  client: JobsClient;
  config: GraphCrossTenantEngineConfig;
  /** The tenant's `crossTenant.sourceTenantId`; a create is refused without it. */
  sourceTenantId?: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Target users' object ids → the address the batch knows them by (from creates, else Graph). */
  addresses: Map<string, string>;
  /** The latest snapshot per batch name (lower case). */
  snapshots: Map<string, JobSnapshot>;
  /**
   * Jobs whose validation this engine started and has not reported yet (job id → when): a failed
   * validation is reported once, and the next request to validate starts a new one.
   */
  validationsStarted: Map<string, number>;
  /** Between two reads of a job while waiting for it (validation before a migrate, cancel before a delete). */
  pollMs: number;
  /** How long a start waits for a validation, and a removal for a cancel. */
  waitMs: number;
  /** How long a snapshot read by `getBatch` serves the next `listUsers`. */
  listFreshMs: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function notFound(operation: string, name: string): EngineNotFoundError {
  return new EngineNotFoundError(
    ENGINE_NAME,
    operation,
    `No cross-tenant migration job named '${name}'.`,
    false,
    'notFound',
  );
}

export function refused(operation: string, message: string, transient = false): EngineError {
  return new EngineError(ENGINE_NAME, operation, message, transient);
}

/** The job by name (Graph takes the displayName as its id); EngineNotFoundError when there is none. */
export async function requireJob(
  ctx: EngineContext,
  operation: string,
  name: string,
  call: CallOptions,
): Promise<GraphJob> {
  const job = await ctx.client.getJob(name, call);
  if (!job) throw notFound(operation, name);
  return job;
}

/** When the job's validation ended (its last change while validatePassed or validateFailed). */
export function validatedAt(job: GraphJob): number | undefined {
  if (job.status !== 'validatePassed' && job.status !== 'validateFailed') return undefined;
  const at = Date.parse(job.lastUpdatedDateTime ?? '');
  return Number.isNaN(at) ? undefined : at;
}

/** A passed validation Graph would still take for a migrate (younger than validationMaxAgeDays). */
export function freshlyValidated(ctx: EngineContext, job: GraphJob): boolean {
  if (job.status !== 'validatePassed') return false;
  const at = validatedAt(job);
  // Without a time, Graph's own check decides (a migrate refused as too old is validated again).
  if (at === undefined) return true;
  return ctx.now().getTime() - at < ctx.config.validationMaxAgeDays * DAY_MS;
}
