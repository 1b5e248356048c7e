import {
  PASS_TYPES,
  type PassType,
  type ProviderBatch,
  type ProviderPass,
  type ProviderUser,
} from '../migration-provider';
import type { MigrationWizEngineConfig } from './config';
import type { MailboxMigration } from './entities';
import { batchStatusOf, countsOf, passStatusOf, passTypeOf, summaryOf, userStatusOf } from './map-status';
import type { CachedItem, ProjectCache } from './pass-cache';

/** One pass in Cutover's words, with `errorCount` MailboxErrors created during it. */
export function toProviderPass(pass: MailboxMigration, errorCount: number): ProviderPass {
  return {
    type: passTypeOf(pass),
    status: passStatusOf(pass.Status ?? '', errorCount),
    engineStatus: pass.Status ?? '',
    ...(pass.CreateDate ? { submittedAt: pass.CreateDate } : {}),
    ...(pass.StartDate ? { startedAt: pass.StartDate } : {}),
    ...(pass.CompleteDate ? { completedAt: pass.CompleteDate } : {}),
    ...(pass.FailureMessage ? { failureMessage: pass.FailureMessage } : {}),
    ...(pass.ItemEndDate ? { itemsBefore: pass.ItemEndDate } : {}),
  };
}

/** The text shown for a user's latest pass: MigrationWiz's failure, or its item errors. */
export function errorText(pass: MailboxMigration | undefined, errorCount: number, firstError?: string) {
  if (!pass) return undefined;
  if (pass.FailureMessage && pass.Status !== 'Completed') return pass.FailureMessage;
  if (pass.Status === 'Completed' && errorCount > 0) {
    return `${errorCount} item${errorCount === 1 ? '' : 's'} failed: ${firstError ?? 'no message'}`;
  }
  return undefined;
}

/** One item as a neutral user, from its latest pass and that pass's MailboxErrors. */
export function userView(
  item: CachedItem,
  batch: string,
  pass: MailboxMigration | undefined,
  errorCount: number,
  firstError: string | undefined,
): ProviderUser {
  const status = userStatusOf(
    pass ? { type: passTypeOf(pass), status: pass.Status ?? '', errorCount } : undefined,
  );
  const error = errorText(pass, errorCount, firstError);
  return {
    identity: item.target,
    emailAddress: item.target,
    batchId: batch,
    status,
    statusSummary: summaryOf(status),
    sourceEmail: item.source,
    ...(pass?.Status && pass.Status !== status ? { engineStatus: pass.Status } : {}),
    ...(pass ? { lastPass: toProviderPass(pass, errorCount) } : {}),
    ...(pass?.Status === 'Completed' && pass.CompleteDate
      ? { lastSuccessfulSyncTime: pass.CompleteDate }
      : {}),
    ...(error ? { error } : {}),
  };
}

/** One item of the cache as a neutral user of the batch. */
export function toProviderUser(cache: ProjectCache, item: CachedItem, batch: string): ProviderUser {
  const pass = cache.latestPass(item.id);
  return userView(item, batch, pass, cache.errorCount(pass?.Id), cache.firstError(pass?.Id));
}

/** Where the mail comes from: the source side's URL, else its type. */
export function sourceIdentity(config: MigrationWizEngineConfig): string {
  return config.source.url ?? config.source.type;
}

const ACTIVE = new Set(['Submitted', 'Queued', 'Processing', 'WaitingForEndUser', 'Stopping']);

/**
 * The pass most items are running now (none when nothing runs), and the passes that ran to an end for
 * every item, completed or failed: a pass one user failed is still done for the batch (the failure is
 * on that user).
 */
function passesOf(cache: ProjectCache, items: CachedItem[]): ProviderBatch['passes'] {
  const tally = new Map<PassType, number>();
  for (const item of items) {
    const latest = cache.latest(item.id);
    if (latest && ACTIVE.has(latest.status)) tally.set(latest.type, (tally.get(latest.type) ?? 0) + 1);
  }
  let current: PassType | undefined;
  for (const type of PASS_TYPES) {
    if ((tally.get(type) ?? 0) > (current ? (tally.get(current) ?? 0) : 0)) current = type;
  }
  const done =
    items.length === 0 ? [] : PASS_TYPES.filter((type) => items.every((i) => cache.finished(i.id).has(type)));
  return { ...(current ? { current } : {}), done };
}

/** The project as a neutral batch, from the cache. */
export function toProviderBatch(
  cache: ProjectCache,
  name: string,
  config: MigrationWizEngineConfig,
): ProviderBatch {
  const items = cache.itemList();
  const latest = items.map((i) => cache.latest(i.id));
  const passes = items.map((i) => cache.latestPass(i.id)).filter((p) => p !== undefined);
  const started = passes.map((p) => p.StartDate).filter((d) => d !== undefined);
  const completed = passes.map((p) => p.CompleteDate).filter((d) => d !== undefined);
  const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
  return {
    identity: cache.connector.Name ?? name,
    status: batchStatusOf(latest),
    migrationType: `MigrationWiz ${cache.connector.ExportType ?? config.source.type} to ${cache.connector.ImportType ?? config.target.type}`,
    ...countsOf(latest),
    ...(cache.connector.CreateDate ? { creationDateTime: cache.connector.CreateDate } : {}),
    ...(started.length > 0 ? { startDateTime: started.sort(byTime)[0] } : {}),
    ...(completed.length > 0 ? { lastSyncedDateTime: completed.sort(byTime).at(-1) } : {}),
    sourceEndpoint: sourceIdentity(config),
    passes: passesOf(cache, items),
  };
}
