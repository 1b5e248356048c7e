import type { CheckId, Finding } from '../model/preflight';

/**
 * The one table of readiness checks: a short title for summaries and the fix, in one sentence, for
 * an admin who reads it next to the user. Fixes name the cmdlet; none of them is ever run by Cutover
 * (some, like clearing a previous mailbox, cannot be undone).
 */
export const CHECKS: Record<CheckId, { title: string; fix: string }> = {
  'target-mailuser': {
    title: 'Target MailUser',
    fix: 'Create a MailUser for this user in the target tenant (New-MailUser) before the move.',
  },
  'source-mailbox': {
    title: 'Source mailbox',
    fix: "Point the target MailUser's ExternalEmailAddress at an existing mailbox in the source tenant.",
  },
  'exchange-guid': {
    title: 'ExchangeGuid',
    fix: "Set the target MailUser's ExchangeGuid to the source mailbox's (Set-MailUser -ExchangeGuid).",
  },
  'archive-guid': {
    title: 'ArchiveGuid',
    fix: "Set the target MailUser's ArchiveGuid to the source archive's (Set-MailUser -ArchiveGuid).",
  },
  x500: {
    title: 'x500 addresses',
    fix: 'Add the source LegacyExchangeDN and every source x500 as x500: proxies to the target MailUser (Set-MailUser -EmailAddresses @{Add=...}).',
  },
  'external-address': {
    title: 'ExternalEmailAddress',
    fix: "Set the target MailUser's ExternalEmailAddress to the source mailbox's primary SMTP address.",
  },
  'primary-domain': {
    title: 'Primary address domain',
    fix: "Give the target MailUser a primary SMTP address in one of the target tenant's accepted domains.",
  },
  'non-owned-proxy': {
    title: 'Proxy in a domain the target does not own',
    fix: 'Remove the smtp: proxies outside the target accepted domains from the target MailUser (Set-MailUser -EmailAddresses @{Remove=...}).',
  },
  'previous-mailbox': {
    title: 'Previous mailbox remembered',
    fix: 'Clear it with Set-User -PermanentlyClearPreviousMailboxInfo in the target tenant; this cannot be undone, so check the user first.',
  },
  'licence-order': {
    title: 'Licence before ExchangeGuid',
    fix: 'Remove the Exchange licence from the target user, stamp the ExchangeGuid, then licence the user after the move.',
  },
  'source-holds': {
    title: 'Hold on the source mailbox',
    fix: 'Release the hold on the source mailbox (or keep the data another way) before moving it; a hold blocks the move.',
  },
  'aux-archives': {
    title: 'Auxiliary archives',
    fix: 'Moves of mailboxes with more than 12 auxiliary archives are not supported; keep this user in the source or reduce the archive first.',
  },
  'cross-tenant-licence': {
    title: 'Cross-tenant migration licence',
    fix: 'Assign the Cross Tenant User Data Migration licence to the user in the source or the target tenant.',
  },
  'scope-group': {
    title: 'Published scope group',
    fix: "Add the source mailbox to the mail-enabled security group in the source organization relationship's MailboxMovePublishedScopes.",
  },
  delegates: {
    title: 'Delegates in another batch',
    fix: 'Move principals and their delegates in the same batch; cross-tenant mailbox permissions are not kept.',
  },
  'verify-credentials': {
    title: 'Verify credentials',
    fix: 'Run the verify pass; where it fails, fix the credentials or create the mailbox it names (or fix the mapping), then verify again.',
  },
  'target-relationship': {
    title: 'Target organization relationship',
    fix: 'In the target tenant, set the organization relationship for the source tenant to Enabled, MailboxMoveEnabled and MailboxMoveCapability Inbound (Set-OrganizationRelationship).',
  },
  'source-relationship': {
    title: 'Source organization relationship',
    fix: 'In the source tenant, create the organization relationship for the target tenant with MailboxMoveCapability RemoteOutbound, the migration app id and the published scope group (New-OrganizationRelationship).',
  },
  endpoint: {
    title: 'Migration endpoint',
    fix: 'Check the migration endpoint with Test-MigrationServerAvailability and fix its remote server or credentials.',
  },
  'directory-sync': {
    title: 'Directory synchronization',
    fix: 'Start directory synchronization (Entra Connect) for the organization and let it finish a cycle; a staged migration converts the mail-enabled users it creates.',
  },
  'cloud-meu': {
    title: 'Mail-enabled user in the cloud',
    fix: 'Bring the user into the directory synchronization scope and wait for the next cycle, so that a mail-enabled user with this address exists in Exchange Online (Get-MailUser finds it); then run the preflight again.',
  },
  'sync-scope': {
    title: 'Synchronized into the right tenant',
    fix: "Move the user's on-premises account into this customer's OU (or out of the other customer's Entra Connect scope), let both Entra Connect servers finish a cycle, and remove the object the wrong tenant received; then run the preflight again.",
  },
  'hybrid-relationship': {
    title: 'Organization relationship with on premises',
    fix: "Run the Hybrid Configuration Wizard for this customer's tenant again, or enable its organization relationship with the on-premises organization (Set-OrganizationRelationship -Enabled $true).",
  },
  'batch-size': {
    title: 'Batch size',
    fix: 'Split the batch into batches of the allowed size.',
  },
  'shared-domain': {
    title: 'Domain in both tenants',
    fix: 'Remove the domain from one of the tenants; the source and the target cannot share a domain.',
  },
  'engine-validation': {
    title: "The migration service's validation",
    fix: 'Fix what the migration service names, then run the preflight again.',
  },
};

export function finding(check: CheckId, status: Finding['status'], message: string): Finding {
  return { check, status, message, fix: CHECKS[check].fix };
}

export const failWith = (check: CheckId, message: string) => finding(check, 'fail', message);
export const warnWith = (check: CheckId, message: string) => finding(check, 'warning', message);
