/**
 * What to do about each error code Microsoft Graph's cross-tenant migration jobs report, in Cutover's
 * words (from Microsoft's "resolve orchestrated migration errors" article and the cross-tenant mailbox
 * migration prerequisites). An unknown code is shown with the engine's own message.
 */
export const ERROR_FIXES: Readonly<Record<string, string>> = {
  'EXCH-07':
    "Create the cross-tenant migration endpoint in the target tenant for the source tenant (New-MigrationEndpoint -RemoteTenant with the migration application), and name it as the batch's source endpoint.",
  'EXCH-08':
    "The migration endpoint's connection test failed: check the migration application's id and secret or certificate, and that the source tenant's admin consented to it, then run Test-MigrationServerAvailability again.",
  'MIGR-001':
    'Set up the organization relationships in both tenants: the target with MailboxMoveEnabled and the source tenant in its DomainNames, the source with MailboxMoveCapability RemoteOutbound and the migration application.',
  'MIGR-004':
    "Add the user to the mail-enabled security group named in the source organization relationship's MailboxMovePublishedScopes (changes take up to an hour to be seen).",
  'CTM-100':
    "Create a MailUser in the target tenant for the user, with the source mailbox's ExchangeGuid and its LegacyExchangeDN as an x500 address.",
  'CTM-101':
    "Make the target MailUser match the source mailbox: set its ExchangeGuid (and ArchiveGuid) to the source's and add the source's LegacyExchangeDN as an x500 address.",
  'CTTM-005':
    'Assign a Cross Tenant User Data Migration licence to the user in the target tenant (or in the source tenant).',
  'MMS-007':
    'Give the user the licences the move needs: an Exchange Online licence in the target tenant and a Cross Tenant User Data Migration licence.',
};

/** Codes about the tenants' set-up rather than a user: when every user has one, it is the batch's problem. */
export const TENANT_CODES: ReadonlySet<string> = new Set(['EXCH-07', 'EXCH-08', 'MIGR-001', 'MIGR-004']);

/** Cutover's sentence for a code, or the engine's message when the code is not one it knows. */
export function fixFor(code: string, engineMessage: string): string {
  return ERROR_FIXES[code.toUpperCase()] ?? engineMessage;
}
