import type { Logger } from 'pino';
import { EngineError } from '../../errors';
import type { GraphHttpOptions } from '../graph';
import type { MigrationProvider, UserPage } from '../migration-provider';
import type { GraphCrossTenantEngineConfig } from './config';
import { createJob } from './create-job';
import { type EngineContext, notFound } from './engine-context';
import { cancelJob, completeJob, removeJob, startJob } from './job-actions';
import { readSnapshot, toProviderBatch } from './job-view';
import { createJobsClient, ENGINE_NAME, type JobsClient } from './jobs-client';
import { userStatistics } from './user-statistics';
import { validateJob } from './validation';

export interface GraphCrossTenantEngineOptions {
  config: GraphCrossTenantEngineConfig;
  /** Graph for the target tenant (its base URL and credential); or a client (tests). */
  http?: GraphHttpOptions;
  client?: JobsClient;
  /** The tenant's `crossTenant.sourceTenantId`. */
  sourceTenantId?: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Between two reads of a job while waiting for it (default 2 s). */
  pollMs?: number;
  /** How long a start waits for a validation and a removal for a cancel (default 120 s). */
  waitMs?: number;
  /** How long a `getBatch` read serves the next `listUsers` (default 15 s). */
  listFreshMs?: number;
}

const DEFAULT_PAGE_SIZE = 1000;

function offsetOf(nextLink: string): number {
  const match = /^offset=(\d+)$/.exec(nextLink);
  if (!match)
    throw new EngineError(ENGINE_NAME, 'listUsers', `'${nextLink}' is not a page of this batch`, false);
  return Number(match[1]);
}

/**
 * Cutover's MigrationProvider over Microsoft Graph's cross-tenant migration jobs, run from the target
 * tenant: a batch is a job named after it, a user is a user task (the target user's object id). A sync
 * (`getBatch`, then `listUsers`) reads the job and its users once: `$top=999` pages.
 */
export function createGraphCrossTenantProvider(options: GraphCrossTenantEngineOptions): MigrationProvider {
  const client =
    options.client ?? (options.http && createJobsClient(options.http, options.config.apiVersion));
  if (!client) throw new Error('a Graph connection or a jobs client is needed');
  const ctx: EngineContext = {
    client,
    config: options.config,
    sourceTenantId: options.sourceTenantId,
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    logger: options.logger,
    addresses: new Map(),
    snapshots: new Map(),
    validationsStarted: new Map(),
    pollMs: options.pollMs ?? 2_000,
    waitMs: options.waitMs ?? 120_000,
    listFreshMs: options.listFreshMs ?? 15_000,
  };

  return {
    capabilities: {
      passes: false,
      scheduledCompletion: true,
      itemTypeStatistics: false,
      validation: true,
      resumeAfterStop: false,
    },
    displayName: ENGINE_NAME,

    createBatch: (input, call = {}) => createJob(ctx, input, call),

    async getBatch(name, call = {}) {
      const snapshot = await readSnapshot(ctx, name, call);
      return snapshot ? toProviderBatch(snapshot.job, snapshot.users) : null;
    },

    async listUsers(batch, page = {}, call = {}): Promise<UserPage> {
      const key = batch.toLowerCase();
      let snapshot = ctx.snapshots.get(key);
      if (!page.nextLink) {
        const fresh = snapshot && !snapshot.handedOver && Date.now() - snapshot.readAt < ctx.listFreshMs;
        snapshot = fresh ? snapshot : ((await readSnapshot(ctx, batch, call)) ?? undefined);
        if (snapshot) snapshot.handedOver = true;
      }
      if (!snapshot) throw notFound('listUsers', batch);
      const offset = page.nextLink ? offsetOf(page.nextLink) : 0;
      const size = Math.min(DEFAULT_PAGE_SIZE, Math.max(1, Math.floor(page.pageSize ?? DEFAULT_PAGE_SIZE)));
      const users = page.status ? snapshot.users.filter((u) => u.status === page.status) : snapshot.users;
      const end = offset + size;
      return {
        users: users.slice(offset, end),
        ...(end < users.length ? { nextLink: `offset=${end}` } : {}),
      };
    },

    getUserStatistics: (email, call = {}) => userStatistics(ctx, email, call),

    startBatch: (name, call = {}) => startJob(ctx, name, call),

    async stopBatch(name, call = {}) {
      await cancelJob(ctx, name, call);
    },

    completeBatch: (name, at, call = {}) => completeJob(ctx, name, at, call),

    async removeBatch(name, call = {}) {
      await removeJob(ctx, name, call);
      ctx.snapshots.delete(name.toLowerCase());
    },

    validateBatch: (name, call = {}) => validateJob(ctx, name, call),

    async getEndpoint(name) {
      // Graph names no endpoint object: the job carries the endpoint's name in its exchangeSettings.
      return { identity: name, endpointType: 'ExchangeRemoteMove' };
    },
  };
}
