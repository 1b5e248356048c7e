import { userStatusSummary } from '../engine/batch-status';
import { summariseError } from '../seed/failure-texts';
import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { MigrationBatch, MigrationUser } from '../state/state-schema';

/** The fields Get-MigrationUser and Get-MigrationUserStatistics share. */
export function userBag(batch: MigrationBatch, user: MigrationUser): BagBuilder {
  return new BagBuilder()
    .set('Identity', user.email)
    .set('EmailAddress', user.email)
    .set('BatchId', batch.name)
    .set('Status', user.status)
    .set('StatusSummary', userStatusSummary(user))
    .set('RecipientType', user.recipientType ?? 'MailUser')
    .dateTime('LastSuccessfulSyncTime', user.lastSuccessfulSyncAt)
    .set('ErrorSummary', user.error === null ? '' : summariseError(user.error))
    .guid('MailboxGuid', user.mailboxGuid);
}

/** A user as Get-MigrationUser returns it. */
export function userView(batch: MigrationBatch, user: MigrationUser): PropertyBag {
  return userBag(batch, user).build();
}
