/** Move failure texts, worded like the errors Exchange Online reports for a migration user. */

export const LICENCE_EXCEPTION = 'CrossTenantMigrationWithoutLicensePermanentException';

export function licenceFailureText(sourceAddress: string, targetAddress: string): string {
  return (
    `Error: ${LICENCE_EXCEPTION}: No license was found for the source recipient, ${sourceAddress}, ` +
    `or the target recipient, ${targetAddress}. A Cross-tenant User Data Migration license is required ` +
    'to move a mailbox between tenants.'
  );
}

export function recipientNotFoundText(address: string): string {
  return (
    `Error: MigrationRecipientNotFoundException: A recipient wasn't found for '${address}' on the target. ` +
    'Create a recipient of the appropriate type for this migration on the target and try again.'
  );
}

export function alreadyHasMailboxText(address: string): string {
  return (
    `Error: MigrationPermanentException: Target user '${address}' already has a primary mailbox. ` +
    'Only a mail user can be the target of this migration.'
  );
}

/** The short form shown in ErrorSummary: the text after the exception name. */
export function summariseError(error: string): string {
  const match = /^Error: [A-Za-z]+Exception: (.*)$/s.exec(error);
  return match?.[1] ?? error;
}
