import type { CallOptions, ItemTypeStatistics, ProviderUserStatistics } from '../migration-provider';
import { toProviderPass, userView } from './batch-view';
import type { Mailbox, MailboxStat, MailboxStatEntry } from './entities';
import { passTypeOf } from './map-status';
import { BY_CREATE_DATE, equals } from './mwz-client';
import type { EngineContext } from './project-sync';

const NEWEST_FIRST = [
  { property: 'CreateDate', direction: 'Descending' },
  { property: 'Id', direction: 'Descending' },
] as const;

/** What the user must do while MigrationWiz waits for them. */
export const WAITING_FOR_USER_TEXT =
  'Open the link MigrationWiz mailed you and enter your mailbox password, so that your mail can be moved.';

/** The item of this address (target first, then source) in the workgroup; the newest if several. */
async function findItem(ctx: EngineContext, email: string, call: CallOptions): Promise<Mailbox | undefined> {
  const wanted = email.trim().toLowerCase();
  for (const field of ['ImportEmailAddress', 'ExportEmailAddress'] as const) {
    const found = (
      await ctx.client.retrievePage('Mailbox', [equals(field, email.trim())], BY_CREATE_DATE, 0, call)
    ).filter((item) => item[field]?.toLowerCase() === wanted);
    if (found.length > 0) return found.at(-1);
  }
  return undefined;
}

async function projectName(ctx: EngineContext, connectorId: string, call: CallOptions): Promise<string> {
  for (const cache of ctx.caches.values()) {
    if (cache.connectorId === connectorId && cache.connector.Name) return cache.connector.Name;
  }
  const [connector] = await ctx.client.retrievePage(
    'MailboxConnector',
    [equals('Id', connectorId)],
    [],
    0,
    call,
  );
  return connector?.Name ?? connectorId;
}

/**
 * Moved and failed items per item type from MailboxStat's entries: moved is what reached the target
 * (the Import side; the Export side when MigrationWiz gave only that), failed is what failed on
 * either side (an item too large for the destination is exported, then fails on import).
 */
function itemTypesOf(stat: MailboxStat | undefined): ItemTypeStatistics[] {
  const byType = new Map<string, { export?: MailboxStatEntry; import?: MailboxStatEntry }>();
  for (const entry of stat?.Entries ?? []) {
    const type = entry.ItemType ?? '';
    const sides = byType.get(type) ?? {};
    if (entry.TaskType === 'Import') sides.import = entry;
    else sides.export = entry;
    byType.set(type, sides);
  }
  return [...byType].map(([itemType, sides]) => {
    const moved = sides.import ?? sides.export;
    return {
      itemType,
      successCount: moved?.SuccessCount ?? 0,
      successBytes: moved?.SuccessSize ?? 0,
      errorCount: (sides.export?.ErrorCount ?? 0) + (sides.import?.ErrorCount ?? 0),
      errorBytes: (sides.export?.ErrorSize ?? 0) + (sides.import?.ErrorSize ?? 0),
    };
  });
}

const sum = (types: ItemTypeStatistics[], key: keyof Omit<ItemTypeStatistics, 'itemType'>) =>
  types.reduce((total, t) => total + t[key], 0);

/**
 * One user's statistics: the item by its target or source address, its passes newest first, what
 * moved and failed per item type (MailboxStat, export side), and what the user must do when
 * MigrationWiz waits for them. About five calls.
 */
export async function userStatistics(
  ctx: EngineContext,
  email: string,
  call: CallOptions,
): Promise<ProviderUserStatistics | null> {
  const item = await findItem(ctx, email, call);
  if (!item?.Id || !item.ConnectorId) return null;
  const batch = await projectName(ctx, item.ConnectorId, call);
  const passes = await ctx.client.retrieveAll(
    'MailboxMigration',
    [equals('MailboxId', item.Id)],
    [...NEWEST_FIRST],
    call,
  );
  const [stat] = await ctx.client.retrievePage('MailboxStat', [equals('MailboxId', item.Id)], [], 0, call);
  const errors = await ctx.client.retrieveAll(
    'MailboxError',
    [equals('MailboxId', item.Id)],
    BY_CREATE_DATE,
    call,
  );
  const errorsOf = (passId: string | undefined) => errors.filter((e) => e.MailboxMigrationId === passId);
  const latest = passes[0];
  const latestErrors = errorsOf(latest?.Id);
  const user = userView(
    { id: item.Id, source: item.ExportEmailAddress ?? '', target: item.ImportEmailAddress ?? '' },
    batch,
    latest,
    latestErrors.length,
    latestErrors[0]?.Message,
  );
  const itemTypes = itemTypesOf(stat);
  const moved = sum(itemTypes, 'successCount');
  const failed = sum(itemTypes, 'errorCount');
  const type = latest ? passTypeOf(latest) : undefined;
  const finished = latest?.Status === 'Completed' && (type === 'full' || type === 'repair');
  return {
    ...user,
    // MigrationWiz does not tell how many items the source holds: done is 100, anything else 0.
    percentageComplete: finished ? 100 : 0,
    bytesTransferred: sum(itemTypes, 'successBytes'),
    estimatedTotalTransferSize: sum(itemTypes, 'successBytes') + sum(itemTypes, 'errorBytes'),
    syncedItemCount: moved,
    totalItemsInSourceMailboxCount: moved + failed,
    skippedItemCount: failed,
    ...(user.error ? { errorSummary: user.error } : {}),
    passes: passes.map((p) => toProviderPass(p, errorsOf(p.Id).length)),
    itemTypes,
    ...(latest?.Status === 'WaitingForEndUser' ? { waitingForUser: WAITING_FOR_USER_TEXT } : {}),
  };
}
