import type { CallOptions } from './migration-provider';

/**
 * Read-only recipient data for preflight checks, from Exchange Online's recipient cmdlets
 * (Get-Mailbox, Get-MailUser, Get-User, Get-AcceptedDomain, Get-OrganizationRelationship,
 * Get-MailboxPermission, Test-MigrationServerAvailability). Nothing here changes a tenant.
 */

/** Get-Mailbox: the source side of a move. */
export interface DirectoryMailbox {
  identity: string;
  primarySmtpAddress: string;
  userPrincipalName?: string;
  recipientTypeDetails: string;
  exchangeGuid: string;
  /** Absent when the mailbox has no archive (Exchange shows the empty GUID). */
  archiveGuid?: string;
  legacyExchangeDN: string;
  /** Proxy addresses as Exchange lists them: `SMTP:` primary, `smtp:` secondary, `x500:`. */
  emailAddresses: string[];
  litigationHoldEnabled: boolean;
  inPlaceHolds: string[];
  complianceTagHoldApplied: boolean;
  delayHoldApplied: boolean;
  delayReleaseHoldApplied: boolean;
  /** Identities (primary SMTP addresses) allowed to send on behalf of this mailbox. */
  grantSendOnBehalfTo: string[];
  /** Auxiliary archive mailboxes (auto-expanding archiving). */
  auxArchiveCount: number;
}

/** Get-MailUser: the target side of a move. */
export interface DirectoryMailUser {
  identity: string;
  primarySmtpAddress: string;
  userPrincipalName?: string;
  recipientTypeDetails: string;
  /** The empty GUID when none is stamped. */
  exchangeGuid: string;
  archiveGuid?: string;
  /** Without the `SMTP:` prefix. */
  externalEmailAddress?: string;
  emailAddresses: string[];
  /**
   * Where Entra Connect synchronized the user from (the on-premises distinguished name); absent for a
   * user that is not synchronized. A hoster's customer is known by its OU.
   */
  onPremisesDistinguishedName?: string;
}

/** Get-User: what matters is whether a previous mailbox is remembered. */
export interface DirectoryUser {
  identity: string;
  userPrincipalName: string;
  recipientTypeDetails: string;
  /** `None` when no previous mailbox is remembered. */
  previousRecipientTypeDetails: string;
}

export interface DirectoryAcceptedDomain {
  domainName: string;
  domainType: string;
  isDefault: boolean;
}

export interface DirectoryOrganizationRelationship {
  identity: string;
  domainNames: string[];
  enabled: boolean;
  mailboxMoveEnabled: boolean;
  /** e.g. `Inbound`, `RemoteOutbound`, `None` (may be a comma-joined list). */
  mailboxMoveCapability: string;
  oauthApplicationId?: string;
  mailboxMovePublishedScopes: string[];
}

/** One access control entry of Get-MailboxPermission. */
export interface DirectoryMailboxPermission {
  /** The mailbox the permission is on, as Exchange names it in these entries (its Name, usually the alias). */
  identity: string;
  /** The trustee, e.g. a user principal name or `NT AUTHORITY\SELF`. */
  user: string;
  accessRights: string[];
  isInherited: boolean;
  deny: boolean;
}

/** Get-OrganizationConfig: whether directory synchronization runs (a staged migration needs it). */
export interface DirectoryOrganizationConfig {
  identity: string;
  isDirSyncRunning: boolean;
}

export interface EndpointTestResult {
  /** `Success` or `Failed`. */
  result: string;
  message?: string;
}

export interface DirectoryProvider {
  /** Null for a missing one. The list methods page to the end (ResultSize Unlimited). */
  getMailbox(identity: string, options?: CallOptions): Promise<DirectoryMailbox | null>;
  listMailboxes(options?: CallOptions): Promise<DirectoryMailbox[]>;
  getMailUser(identity: string, options?: CallOptions): Promise<DirectoryMailUser | null>;
  listMailUsers(options?: CallOptions): Promise<DirectoryMailUser[]>;
  getUser(identity: string, options?: CallOptions): Promise<DirectoryUser | null>;
  listAcceptedDomains(options?: CallOptions): Promise<DirectoryAcceptedDomain[]>;
  listOrganizationRelationships(options?: CallOptions): Promise<DirectoryOrganizationRelationship[]>;
  /** Explicit (non-inherited) entries only; SELF entries removed. */
  getMailboxPermissions(identity: string, options?: CallOptions): Promise<DirectoryMailboxPermission[]>;
  testMigrationServerAvailability(
    endpoint: string,
    testMailbox: string,
    options?: CallOptions,
  ): Promise<EndpointTestResult>;
  getOrganizationConfig(options?: CallOptions): Promise<DirectoryOrganizationConfig>;
}

/** The Microsoft Graph reads preflight needs. Users by object id or UPN. */
export interface GraphDirectory {
  /** skuPartNumber of each licence assigned to the user; null when the user does not exist. */
  licenseSkus(user: string, options?: CallOptions): Promise<string[] | null>;
  /** userPrincipalName (lower-cased) of every user in the group, nested groups included. */
  groupMembers(groupId: string, options?: CallOptions): Promise<string[]>;
}
