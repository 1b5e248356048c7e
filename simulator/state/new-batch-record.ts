import type { CmdletParameters } from '../protocol/cmdlet-parameters';
import { invalidInput } from '../protocol/cmdlet-error';
import { createPrng, hashString } from '../seed/prng';
import type { MigrationBatch, MigrationUser } from './state-schema';

/**
 * A new batch as New-MigrationBatch records it, whatever its kind (remote move or staged): the
 * parameters every kind takes, the users the CSV gave, and the warnings about the rows left out.
 * Refused, as Exchange does, when no row gave a valid user.
 */
export function newBatchRecord(input: {
  name: string;
  tenantId: string;
  migrationType: string;
  sourceEndpoint: string;
  targetDeliveryDomain: string | null;
  now: number;
  p: CmdletParameters;
  users: MigrationUser[];
  warnings: string[];
  maxConcurrentMigrations?: number;
}): MigrationBatch {
  const { name, now, p, users, warnings } = input;
  if (users.length === 0) {
    throw invalidInput(
      `The migration batch '${name}' can't be created because the CSV file has no valid users. ${warnings.join(' ')}`,
    );
  }
  return {
    name,
    guid: createPrng(hashString(`${input.tenantId}/${name}/${now}`)).guid(),
    tenantId: input.tenantId,
    migrationType: input.migrationType,
    phase: 'Created',
    phaseSince: now,
    clock: now,
    sourceEndpoint: input.sourceEndpoint,
    targetDeliveryDomain: input.targetDeliveryDomain,
    autoComplete: p.boolean('AutoComplete') ?? false,
    completeWhenSynced: false,
    completeAfter: p.dateTime('CompleteAfter') ?? null,
    startAfter: p.dateTime('StartAfter') ?? null,
    notificationEmails: p.stringList('NotificationEmails') ?? [],
    createdAt: now,
    startedAt: null,
    initialSyncAt: null,
    lastSyncedAt: null,
    skippedItemsApproved: false,
    message: '',
    validationWarnings: warnings,
    ...(input.maxConcurrentMigrations !== undefined
      ? { maxConcurrentMigrations: input.maxConcurrentMigrations }
      : {}),
    users,
  };
}
