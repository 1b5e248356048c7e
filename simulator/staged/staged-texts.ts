/** The words of a staged migration's refusals and row errors, worded like Exchange Online's. */

export function noMailEnabledUserText(address: string): string {
  return (
    `Error: MigrationRecipientNotFoundException: There is no mail-enabled user for '${address}' in the cloud. ` +
    'Directory synchronization creates it from the on-premises mailbox: include the user in the ' +
    'synchronization scope, wait for the next synchronization and submit the row again.'
  );
}

export function noOnPremisesMailboxText(address: string, server: string): string {
  return (
    `Error: MigrationMailboxNotFoundOnServerException: The mailbox '${address}' couldn't be found on ` +
    `the on-premises Exchange server '${server}'. Check the address in the CSV file.`
  );
}

export function alreadyMigratedText(address: string): string {
  return (
    `Error: MigrationPermanentException: '${address}' already has a cloud mailbox. ` +
    'A row of a mailbox migrated before only resets its forwarding; remove it from this CSV file.'
  );
}

export function dirSyncNotRunningText(organization: string): string {
  return (
    `Directory synchronization isn't running for ${organization}. A staged migration needs it: it ` +
    'converts the mail-enabled users that directory synchronization creates. Start directory ' +
    'synchronization and create the batch again, or migrate every mailbox with a cutover migration.'
  );
}

export const STAGED_COLUMNS = ['EmailAddress', 'Password', 'ForceChangePassword'] as const;
