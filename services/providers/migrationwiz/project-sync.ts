import type { Logger } from 'pino';
import type { CallOptions } from '../migration-provider';
import type { MigrationWizEngineConfig } from './config';
import type { MailboxConnector } from './entities';
import { atLeast, BY_CREATE_DATE, equals, type MwzClient } from './mwz-client';
import { ProjectCache } from './pass-cache';

/** What every part of the engine shares: the client, the configuration, the clock and the caches. */
export interface EngineContext {
  client: MwzClient;
  config: MigrationWizEngineConfig;
  now: () => Date;
  /** One cache per project, by lower-case project name. */
  caches: Map<string, ProjectCache>;
  logger?: Logger;
}

const keyOf = (name: string) => name.trim().toLowerCase();

/** The project of this name in the workgroup (names are unique there, whatever their case). */
export async function findProject(
  ctx: EngineContext,
  name: string,
  call: CallOptions,
): Promise<MailboxConnector | undefined> {
  const found = await ctx.client.retrievePage(
    'MailboxConnector',
    [equals('WorkgroupId', ctx.config.workgroupId), equals('Name', name)],
    [],
    0,
    call,
  );
  return found.find((c) => c.Id && keyOf(c.Name ?? '') === keyOf(name));
}

/** The cache of this project, started anew when the project is new or was created again. */
export function cacheFor(ctx: EngineContext, name: string, found: MailboxConnector): ProjectCache {
  // Only what the views need: never a configuration that could carry a password.
  const { Id, Name, ExportType, ImportType, CreateDate } = found;
  const connector = { Id, Name, ExportType, ImportType, CreateDate };
  const key = keyOf(name);
  let cache = ctx.caches.get(key);
  if (!cache || cache.connectorId !== connector.Id) {
    cache = new ProjectCache(connector);
    ctx.caches.set(key, cache);
  }
  cache.connector = connector;
  return cache;
}

export function forgetProject(ctx: EngineContext, name: string): void {
  ctx.caches.delete(keyOf(name));
}

/** The cache as last synced, if it is younger than `maxAgeMs`. */
export function recentCache(ctx: EngineContext, name: string, maxAgeMs: number): ProjectCache | undefined {
  const cache = ctx.caches.get(keyOf(name));
  if (cache?.refreshedAt === undefined) return undefined;
  return ctx.now().getTime() - cache.refreshedAt <= maxAgeMs ? cache : undefined;
}

export async function loadItems(ctx: EngineContext, cache: ProjectCache, call: CallOptions): Promise<void> {
  const items = await ctx.client.retrieveAll(
    'Mailbox',
    [equals('ConnectorId', cache.connectorId)],
    BY_CREATE_DATE,
    call,
  );
  cache.setItems(items);
}

/**
 * Brings the project's cache up to date: the project (1 call), the items only the first time, the
 * passes and the MailboxErrors created at or after the watermark (usually a page each). Returns
 * undefined, and forgets the cache, when no project has this name.
 */
export async function syncProject(
  ctx: EngineContext,
  name: string,
  call: CallOptions,
): Promise<ProjectCache | undefined> {
  const connector = await findProject(ctx, name, call);
  if (!connector?.Id) {
    forgetProject(ctx, name);
    return undefined;
  }
  const cache = cacheFor(ctx, name, connector);
  if (!cache.items) await loadItems(ctx, cache, call);
  const mark = cache.watermark();
  const filters = [equals('ConnectorId', cache.connectorId), ...(mark ? [atLeast('CreateDate', mark)] : [])];
  const passes = await ctx.client.retrieveAll('MailboxMigration', filters, BY_CREATE_DATE, call);
  const errors = await ctx.client.retrieveAll('MailboxError', filters, BY_CREATE_DATE, call);
  if (cache.applyPasses(passes)) await loadItems(ctx, cache, call);
  cache.applyErrors(errors);
  cache.passesLoaded = true;
  cache.refreshedAt = ctx.now().getTime();
  return cache;
}
