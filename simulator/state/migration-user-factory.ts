import { transferRateFor } from '../engine/timing';
import { alreadyHasMailboxText, recipientNotFoundText } from '../seed/failure-texts';
import type { Recipient, Tenant } from '../seed/world-types';
import type { MigrationUser } from './state-schema';

/** Each tenant's recipients by lower-cased address, rebuilt when the list changes length. */
const byAddress = new WeakMap<Recipient[], { length: number; index: Map<string, Recipient> }>();

/** A recipient by primary address: a look-up table, so a 2,000-user batch in a 50,000-user tenant is quick. */
export function findRecipient(tenant: Tenant, email: string): Recipient | undefined {
  let cached = byAddress.get(tenant.recipients);
  if (!cached || cached.length !== tenant.recipients.length) {
    const index = new Map<string, Recipient>();
    for (const r of tenant.recipients) {
      const key = r.email.toLowerCase();
      if (!index.has(key)) index.set(key, r);
    }
    cached = { length: tenant.recipients.length, index };
    byAddress.set(tenant.recipients, cached);
  }
  const wanted = email.toLowerCase();
  const found = cached.index.get(wanted);
  if (!found || found.email.toLowerCase() === wanted) return found;
  // Its address changed since the table was made: look for the address the slow way.
  return tenant.recipients.find((r) => r.email.toLowerCase() === wanted);
}

/** Why this address cannot be moved into the tenant, or null when it is a MailUser there. */
export function validationError(tenant: Tenant, email: string): string | null {
  const recipient = findRecipient(tenant, email);
  if (!recipient) return recipientNotFoundText(email);
  if (recipient.recipientType !== 'MailUser') return alreadyHasMailboxText(email);
  return null;
}

/** Copies what the move needs from the tenant's MailUser onto the migration user. */
export function applyRecipient(user: MigrationUser, recipient: Recipient): void {
  user.recipientType = recipient.recipientType;
  user.mailboxGuid = recipient.exchangeGuid;
  user.sourceAddress = recipient.externalEmailAddress ?? null;
  user.sizeBytes = recipient.sizeBytes;
  user.itemCount = recipient.itemCount;
  user.skippedItemCount = recipient.skippedItemCount;
  user.seededFailure = recipient.seededFailure ?? null;
}

/** A new migration user: Queued when the address is a MailUser of the tenant, else Failed at validation. */
export function createMigrationUser(tenant: Tenant, email: string, now: number): MigrationUser {
  const user: MigrationUser = {
    email,
    recipientType: null,
    mailboxGuid: null,
    sourceAddress: null,
    status: 'Queued',
    sizeBytes: 0,
    itemCount: 0,
    skippedItemCount: 0,
    rateBytesPerHour: transferRateFor(email),
    bytesTransferred: 0,
    segmentStartedAt: null,
    statusSince: now,
    transferMs: 0,
    lastSuccessfulSyncAt: null,
    completedAt: null,
    seededFailure: null,
    error: null,
    failureKind: null,
    wasSynced: false,
  };
  const recipient = findRecipient(tenant, email);
  if (recipient) {
    user.recipientType = recipient.recipientType;
    user.mailboxGuid = recipient.exchangeGuid;
  }
  const error = validationError(tenant, email);
  if (error !== null || !recipient) {
    user.status = 'Failed';
    user.error = error;
    user.failureKind = 'validation';
    return user;
  }
  applyRecipient(user, recipient);
  return user;
}

/** Start-MigrationBatch re-checks users that failed validation (the directory may have been fixed). */
export function revalidateUser(tenant: Tenant, user: MigrationUser): string | null {
  const error = validationError(tenant, user.email);
  const recipient = findRecipient(tenant, user.email);
  if (error === null && recipient) applyRecipient(user, recipient);
  return error;
}
