import { EngineError, EngineNotFoundError } from '../../errors';
import type { CallOptions, PassRequest, PassSubmission, PassType } from '../migration-provider';
import { ProviderInputError } from '../provider-input-error';
import { ITEM_TYPES, type MailboxMigration } from './entities';
import { ACTIVE_MIGRATION_STATUSES, isFailed, isFinal, passTypeOf } from './map-status';
import { atLeast, BY_CREATE_DATE, chunks, equals } from './mwz-client';
import type { CachedItem, ProjectCache } from './pass-cache';
import { type EngineContext, syncProject } from './project-sync';
import { ENGINE_NAME } from './soap-answer';

const ALL_ITEM_TYPES = ITEM_TYPES.join(' ');
const DAY_MS = 86_400_000;

/** The project, synced; EngineNotFoundError when there is none. */
export async function requireProject(
  ctx: EngineContext,
  name: string,
  operation: string,
  call: CallOptions,
): Promise<ProjectCache> {
  const cache = await syncProject(ctx, name, call);
  if (!cache) {
    throw new EngineNotFoundError(
      ENGINE_NAME,
      operation,
      `No project named '${name}' in the workgroup.`,
      false,
      'NotFound',
    );
  }
  return cache;
}

/** The fields of a new pass of this type for one item (ConnectorId and MailboxId added by the caller). */
function passFields(
  pass: PassRequest,
  now: Date,
  defaultDays: number,
  previous?: MailboxMigration,
): MailboxMigration {
  switch (pass.type) {
    case 'verify':
      return { Type: 'Verification', ItemTypes: 'None' };
    case 'prestage': {
      const days = pass.olderThanDays ?? defaultDays;
      return {
        Type: 'Full',
        ItemTypes: 'Mail',
        ItemEndDate: new Date(now.getTime() - days * DAY_MS).toISOString(),
      };
    }
    case 'full':
      return { Type: 'Full', ItemTypes: ALL_ITEM_TYPES };
    case 'repair':
      return { Type: 'Repair', ItemTypes: previous?.ItemTypes ?? ALL_ITEM_TYPES };
  }
}

/**
 * Whether the pass applies to the item now: not while another pass of it is under way (MigrationWiz
 * refuses a second one), and a repair only after a pass that completed with errors.
 */
function applies(cache: ProjectCache, item: CachedItem, type: PassType): boolean {
  const latest = cache.latestPass(item.id);
  if (latest && !isFinal(latest.Status)) return false;
  if (type !== 'repair') return true;
  return latest?.Status === 'Completed' && cache.errorCount(latest.Id) > 0;
}

async function createPasses(
  ctx: EngineContext,
  cache: ProjectCache,
  passes: MailboxMigration[],
  call: CallOptions,
): Promise<void> {
  if (passes.length === 0) return;
  const created = await ctx.client.create('MailboxMigration', passes, call);
  cache.applyPasses(created);
}

/**
 * Submits a pass for the project's items it applies to, skipping the items that already have a pass
 * of that type created at or after `since` (so a request repeated after a crash submits each item once).
 */
export async function submitPass(
  ctx: EngineContext,
  name: string,
  pass: PassRequest,
  call: CallOptions,
): Promise<PassSubmission> {
  const days = pass.olderThanDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new ProviderInputError(
      'submitPass',
      'olderThanDays',
      'must be a whole number of days from 1 to 3650',
    );
  }
  if (!(pass.since instanceof Date) || Number.isNaN(pass.since.getTime())) {
    throw new ProviderInputError('submitPass', 'since', 'is not a valid date');
  }
  const cache = await requireProject(ctx, name, 'submitPass', call);
  const recent = await ctx.client.retrieveAll(
    'MailboxMigration',
    [equals('ConnectorId', cache.connectorId), atLeast('CreateDate', pass.since.toISOString())],
    BY_CREATE_DATE,
    call,
  );
  const already = new Set(recent.filter((p) => passTypeOf(p) === pass.type).map((p) => p.MailboxId));
  const result: PassSubmission = { submitted: 0, alreadySubmitted: 0, notApplicable: 0 };
  const now = ctx.now();
  const toCreate: MailboxMigration[] = [];
  for (const item of cache.itemList()) {
    if (already.has(item.id)) result.alreadySubmitted++;
    else if (!applies(cache, item, pass.type)) result.notApplicable++;
    else {
      const fields = passFields(pass, now, ctx.config.prestageOlderThanDays, cache.latestPass(item.id));
      toCreate.push({ MailboxId: item.id, ConnectorId: cache.connectorId, ...fields });
    }
  }
  await createPasses(ctx, cache, toCreate, call);
  result.submitted = toCreate.length;
  ctx.logger?.info({ batch: name, pass: pass.type, ...result }, 'MigrationWiz pass submitted');
  return result;
}

/** Asks every pass under way to stop (Status=Stopping). */
export async function stopPasses(ctx: EngineContext, name: string, call: CallOptions): Promise<void> {
  const cache = await requireProject(ctx, name, 'stopBatch', call);
  const active = cache
    .itemList()
    .map((item) => cache.latestPass(item.id))
    .filter(
      (p): p is MailboxMigration => p?.Id !== undefined && ACTIVE_MIGRATION_STATUSES.has(p.Status ?? ''),
    );
  for (const chunk of chunks(active)) {
    let ids = chunk.map((p) => p.Id as string);
    try {
      cache.applyPasses(await stop(ctx, ids, call));
    } catch (error) {
      if (!(error instanceof EngineError) || error.faultCode !== 'InvalidOperation') throw error;
      // A pass of the chunk ended meanwhile: stop those still under way.
      const fresh = await ctx.client.retrievePage(
        'MailboxMigration',
        [{ property: 'Id', operator: 'In', value: ids.join(',') }],
        BY_CREATE_DATE,
        0,
        call,
      );
      cache.applyPasses(fresh);
      ids = fresh.filter((p) => ACTIVE_MIGRATION_STATUSES.has(p.Status ?? '')).map((p) => p.Id as string);
      if (ids.length > 0) cache.applyPasses(await stop(ctx, ids, call));
    }
  }
}

function stop(ctx: EngineContext, ids: string[], call: CallOptions) {
  return ctx.client.update(
    'MailboxMigration',
    ids.map((Id) => ({ Id, Status: 'Stopping' })),
    call,
  );
}

/** Resubmits each item whose latest pass stopped or failed: a new pass like it (type, item types, dates). */
export async function resumePasses(ctx: EngineContext, name: string, call: CallOptions): Promise<void> {
  const cache = await requireProject(ctx, name, 'startBatch', call);
  const again = cache
    .itemList()
    .map((item) => cache.latestPass(item.id))
    .filter((p): p is MailboxMigration => p !== undefined && (p.Status === 'Stopped' || isFailed(p.Status)))
    .map((p) => ({
      MailboxId: p.MailboxId,
      ConnectorId: cache.connectorId,
      Type: p.Type,
      ItemTypes: p.ItemTypes,
      ItemStartDate: p.ItemStartDate,
      ItemEndDate: p.ItemEndDate,
    }));
  await createPasses(ctx, cache, again, call);
  ctx.logger?.info({ batch: name, resubmitted: again.length }, 'MigrationWiz passes resubmitted');
}
