import type {
  DirectoryAcceptedDomain,
  DirectoryMailbox,
  DirectoryMailboxPermission,
  DirectoryMailUser,
  DirectoryOrganizationConfig,
  DirectoryOrganizationRelationship,
  DirectoryUser,
  EndpointTestResult,
} from '../directory-provider';
import { bagReader, compact } from './parse';

/** Property bags of the recipient cmdlets, read into the DirectoryProvider shapes. */

type Bag = Record<string, unknown>;

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Exchange shows "no archive" (and an unstamped MailUser) as the empty GUID. */
function stampedGuid(value: string | undefined): string | undefined {
  return value === undefined || value === EMPTY_GUID ? undefined : value;
}

/** ExternalEmailAddress carries its proxy prefix (`SMTP:a@b.com`); callers want the address. */
function withoutSmtpPrefix(value: string | undefined): string | undefined {
  return value?.replace(/^smtp:/i, '');
}

/** MailboxLocations lists one `...;AuxArchive;...` entry per auxiliary archive. */
function auxArchiveCount(locations: string[]): number {
  return locations.filter((location) => /;AuxArchive;/i.test(location)).length;
}

export function toDirectoryMailbox(bag: Bag, cmdlet = 'Get-Mailbox'): DirectoryMailbox {
  const r = bagReader(bag, cmdlet);
  return compact({
    identity: r.string('Identity'),
    primarySmtpAddress: r.string('PrimarySmtpAddress'),
    userPrincipalName: r.optionalString('UserPrincipalName'),
    recipientTypeDetails: r.string('RecipientTypeDetails'),
    exchangeGuid: r.string('ExchangeGuid'),
    archiveGuid: stampedGuid(r.optionalString('ArchiveGuid')),
    legacyExchangeDN: r.optionalString('LegacyExchangeDN') ?? '',
    emailAddresses: r.stringList('EmailAddresses'),
    litigationHoldEnabled: r.boolean('LitigationHoldEnabled'),
    inPlaceHolds: r.stringList('InPlaceHolds'),
    complianceTagHoldApplied: r.boolean('ComplianceTagHoldApplied'),
    delayHoldApplied: r.boolean('DelayHoldApplied'),
    delayReleaseHoldApplied: r.boolean('DelayReleaseHoldApplied'),
    grantSendOnBehalfTo: r.stringList('GrantSendOnBehalfTo'),
    auxArchiveCount: auxArchiveCount(r.stringList('MailboxLocations')),
  });
}

export function toDirectoryMailUser(bag: Bag, cmdlet = 'Get-MailUser'): DirectoryMailUser {
  const r = bagReader(bag, cmdlet);
  return compact({
    identity: r.string('Identity'),
    primarySmtpAddress: r.string('PrimarySmtpAddress'),
    userPrincipalName: r.optionalString('UserPrincipalName'),
    recipientTypeDetails: r.string('RecipientTypeDetails'),
    exchangeGuid: r.optionalString('ExchangeGuid') ?? EMPTY_GUID,
    archiveGuid: stampedGuid(r.optionalString('ArchiveGuid')),
    externalEmailAddress: withoutSmtpPrefix(r.optionalString('ExternalEmailAddress')),
    emailAddresses: r.stringList('EmailAddresses'),
    onPremisesDistinguishedName: r.optionalString('OnPremisesDistinguishedName'),
  });
}

export function toDirectoryUser(bag: Bag, cmdlet = 'Get-User'): DirectoryUser {
  const r = bagReader(bag, cmdlet);
  return {
    identity: r.string('Identity'),
    userPrincipalName: r.string('UserPrincipalName'),
    recipientTypeDetails: r.string('RecipientTypeDetails'),
    previousRecipientTypeDetails: r.optionalString('PreviousRecipientTypeDetails') ?? 'None',
  };
}

export function toDirectoryAcceptedDomain(bag: Bag, cmdlet = 'Get-AcceptedDomain'): DirectoryAcceptedDomain {
  const r = bagReader(bag, cmdlet);
  return {
    domainName: r.string('DomainName'),
    domainType: r.string('DomainType'),
    isDefault: r.boolean('Default'),
  };
}

export function toDirectoryOrganizationRelationship(
  bag: Bag,
  cmdlet = 'Get-OrganizationRelationship',
): DirectoryOrganizationRelationship {
  const r = bagReader(bag, cmdlet);
  return compact({
    identity: r.string('Identity'),
    domainNames: r.stringList('DomainNames'),
    enabled: r.boolean('Enabled'),
    mailboxMoveEnabled: r.boolean('MailboxMoveEnabled'),
    mailboxMoveCapability: r.optionalString('MailboxMoveCapability') ?? 'None',
    oauthApplicationId: r.optionalString('OAuthApplicationId'),
    mailboxMovePublishedScopes: r.stringList('MailboxMovePublishedScopes'),
  });
}

export function toDirectoryMailboxPermission(
  bag: Bag,
  cmdlet = 'Get-MailboxPermission',
): DirectoryMailboxPermission {
  const r = bagReader(bag, cmdlet);
  return {
    identity: r.string('Identity'),
    user: r.string('User'),
    accessRights: r.stringList('AccessRights'),
    isInherited: r.boolean('IsInherited'),
    deny: r.boolean('Deny'),
  };
}

export function toDirectoryOrganizationConfig(
  bag: Bag,
  cmdlet = 'Get-OrganizationConfig',
): DirectoryOrganizationConfig {
  const r = bagReader(bag, cmdlet);
  return { identity: r.string('Identity'), isDirSyncRunning: r.boolean('IsDirSyncRunning') };
}

export function toEndpointTestResult(
  bag: Bag,
  cmdlet = 'Test-MigrationServerAvailability',
): EndpointTestResult {
  const r = bagReader(bag, cmdlet);
  return compact({ result: r.string('Result'), message: r.optionalString('Message') });
}
