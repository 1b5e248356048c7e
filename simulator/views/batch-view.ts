import { countUsers, deriveBatchStatus } from '../engine/batch-status';
import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { MigrationBatch } from '../state/state-schema';

/** A batch as Get-MigrationBatch returns it. */
export function batchView(batch: MigrationBatch): PropertyBag {
  const counts = countUsers(batch);
  const bag = new BagBuilder()
    .set('Identity', batch.name)
    .guid('BatchGuid', batch.guid)
    .set('Status', deriveBatchStatus(batch))
    .set('MigrationType', batch.migrationType)
    .set('BatchDirection', 'Onboarding');
  for (const [name, value] of Object.entries(counts)) bag.set(name, value);
  return bag
    .strings('NotificationEmails', batch.notificationEmails)
    .dateTime('CreationDateTime', batch.createdAt)
    .dateTime('StartDateTime', batch.startedAt)
    .dateTime('InitialSyncDateTime', batch.initialSyncAt)
    .dateTime('LastSyncedDateTime', batch.lastSyncedAt)
    .dateTime('CompleteAfter', batch.completeAfter)
    .dateTime('StartAfter', batch.startAfter)
    .set('AutoComplete', batch.autoComplete)
    .set('SourceEndpoint', batch.sourceEndpoint)
    .set('TargetDeliveryDomain', batch.targetDeliveryDomain)
    .set('Message', batch.message)
    .strings('ValidationWarnings', batch.validationWarnings)
    .build();
}
