import type { Logger } from 'pino';
import { EngineError, EngineNotFoundError } from '../../errors';
import type { MigrationProvider, UserPage } from '../migration-provider';
import { toProviderBatch, toProviderUser, sourceIdentity } from './batch-view';
import type { MigrationWizEngineConfig } from './config';
import { createProject } from './create-project';
import type { MwzClient } from './mwz-client';
import { resumePasses, stopPasses, submitPass } from './passes';
import { type EngineContext, findProject, forgetProject, recentCache, syncProject } from './project-sync';
import { ENGINE_NAME } from './soap-answer';
import { userStatistics } from './user-statistics';

export interface MigrationWizEngineOptions {
  config: MigrationWizEngineConfig;
  client: MwzClient;
  /** Where the administrative passwords are read from (the variables the config names). */
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  logger?: Logger;
  /** How long a sync serves `listUsers` without reading again (default 15 s). */
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
 * Cutover's MigrationProvider over MigrationWiz: a batch is a project (MailboxConnector) named after
 * it, a user is an item (Mailbox), and data moves in passes (MailboxMigration) the operator submits.
 * A sync (`getBatch` then `listUsers`) reads only what may have changed since the last one (see
 * ProjectCache); per-item statistics are read only for `getUserStatistics`.
 */
export function createMigrationWizProvider(options: MigrationWizEngineOptions): MigrationProvider {
  const ctx: EngineContext = {
    client: options.client,
    config: options.config,
    now: options.now ?? (() => new Date()),
    caches: new Map(),
    logger: options.logger,
  };
  const listFreshMs = options.listFreshMs ?? 15_000;
  const notFound = (operation: string, name: string) =>
    new EngineNotFoundError(
      ENGINE_NAME,
      operation,
      `No project named '${name}' in the workgroup.`,
      false,
      'NotFound',
    );

  return {
    capabilities: { passes: true, scheduledCompletion: false, itemTypeStatistics: true },
    displayName: 'MigrationWiz',
    resumableCreate: true,

    createBatch: (input, call = {}) => createProject(ctx, options.env, input, call),

    async getBatch(name, call = {}) {
      const cache = await syncProject(ctx, name, call);
      return cache ? toProviderBatch(cache, name, ctx.config) : null;
    },

    async listUsers(batch, page = {}, call = {}): Promise<UserPage> {
      const cache =
        recentCache(ctx, batch, page.nextLink ? Number.POSITIVE_INFINITY : listFreshMs) ??
        (await syncProject(ctx, batch, call));
      if (!cache) throw notFound('listUsers', batch);
      const offset = page.nextLink ? offsetOf(page.nextLink) : 0;
      const size = Math.min(DEFAULT_PAGE_SIZE, Math.max(1, Math.floor(page.pageSize ?? DEFAULT_PAGE_SIZE)));
      let users = cache.itemList().map((item) => toProviderUser(cache, item, batch));
      if (page.status) users = users.filter((u) => u.status === page.status);
      const end = offset + size;
      return {
        users: users.slice(offset, end),
        ...(end < users.length ? { nextLink: `offset=${end}` } : {}),
      };
    },

    getUserStatistics: (email, call = {}) => userStatistics(ctx, email, call),

    submitPass: (name, pass, call = {}) => submitPass(ctx, name, pass, call),

    startBatch: (name, call = {}) => resumePasses(ctx, name, call),

    stopBatch: (name, call = {}) => stopPasses(ctx, name, call),

    async completeBatch(name) {
      throw new EngineError(
        ENGINE_NAME,
        'completeBatch',
        `MigrationWiz has no cutover to complete for '${name}': run the full pass instead.`,
        false,
      );
    },

    async removeBatch(name, call = {}) {
      const connector = await findProject(ctx, name, call);
      if (!connector?.Id) throw notFound('removeBatch', name);
      await ctx.client.remove('MailboxConnector', [connector.Id], call);
      forgetProject(ctx, name);
      ctx.logger?.info({ batch: name }, 'MigrationWiz project deleted');
    },

    async getEndpoint() {
      const { source } = ctx.config;
      return {
        identity: sourceIdentity(ctx.config),
        endpointType: source.type,
        ...(source.url ? { remoteServer: new URL(source.url).host } : {}),
      };
    },
  };
}
