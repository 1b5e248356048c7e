import type { MwzWorld } from '../migrationwiz/mwz-world';
import type { HosterWorld } from './hoster';

/** The directory the simulator serves: tenants, their recipients and migration endpoints. */
export type TenantRole = 'source' | 'target' | 'hybrid';

/** The holds that keep a mailbox from moving (Get-Mailbox). */
export interface RecipientHolds {
  litigationHoldEnabled: boolean;
  /** In-place and retention-policy holds, e.g. `mbx<guid>:1`. */
  inPlaceHolds: string[];
  complianceTagHoldApplied: boolean;
  delayHoldApplied: boolean;
  delayReleaseHoldApplied: boolean;
}

export interface Recipient {
  /** Primary SMTP address. */
  email: string;
  /** The local part of the primary address; also the recipient's Name and Identity. */
  alias: string;
  displayName: string;
  recipientType: 'Mailbox' | 'MailUser';
  recipientTypeDetails: 'UserMailbox' | 'SharedMailbox' | 'MailUser';
  /** Entra object id: how Microsoft Graph names the user. */
  objectId: string;
  userPrincipalName: string;
  /** Size of the mailbox data to move (for a MailUser: of its source mailbox). */
  sizeBytes: number;
  itemCount: number;
  /** Items the move will skip (bad or large items); drives DataConsistencyScore. */
  skippedItemCount: number;
  exchangeGuid: string;
  /** Absent when there is no archive. */
  archiveGuid?: string;
  /** Auxiliary archives created by auto-expanding archiving. */
  auxArchiveCount: number;
  legacyExchangeDN: string;
  /** Proxy addresses: `SMTP:` primary, `smtp:` secondary, `x500:` legacy DNs. */
  emailAddresses: string[];
  holds: RecipientHolds;
  /** Get-User's memory of a mailbox this user had before (`None` when there was none). */
  previousRecipientTypeDetails: string;
  /** Primary SMTP addresses allowed to send on behalf of this mailbox. */
  grantSendOnBehalfTo: string[];
  /** User principal names granted FullAccess to this mailbox. */
  fullAccessGrantedTo: string[];
  /** skuPartNumber of each assigned licence (Microsoft Graph licenseDetails). */
  licences: string[];
  /** For a MailUser: where mail goes today (the source mailbox), without the `SMTP:` prefix. */
  externalEmailAddress?: string;
  /** A permanent move failure seeded into the demo (for example a missing licence). */
  seededFailure?: string;
  /** Where Entra Connect synchronized this user from (its on-premises distinguished name). */
  onPremisesDistinguishedName?: string;
}

export interface MigrationEndpoint {
  name: string;
  guid: string;
  endpointType: 'ExchangeRemoteMove' | 'ExchangeOutlookAnywhere';
  /** For an Outlook Anywhere endpoint: its RPC proxy server. */
  remoteServer: string;
  remoteTenant?: string;
  applicationId?: string;
  maxConcurrentMigrations: number;
  maxConcurrentIncrementalSyncs: number;
  /** The remote side never answers (Test-MigrationServerAvailability fails). */
  unreachable?: boolean;
  /** Outlook Anywhere (staged) endpoints: how the migration service reaches on-premises Exchange. */
  outlookAnywhere?: OutlookAnywhereSettings;
}

/** New-MigrationEndpoint -ExchangeOutlookAnywhere: the connection to an Exchange 2003/2007 organization. */
export interface OutlookAnywhereSettings {
  /** The on-premises mailbox server's FQDN. */
  exchangeServer: string;
  /** The migration administrator (`DOMAIN\\user`); its password is never kept by the simulator. */
  username: string;
  /** `Admin` (Receive As on the databases) or `FullAccess` (on each mailbox). */
  mailboxPermission: 'Admin' | 'FullAccess';
  authentication: 'Basic' | 'Ntlm';
}

/** An on-premises Exchange 2003/2007 mailbox, the source of a staged migration. */
export interface OnPremisesMailbox {
  email: string;
  alias: string;
  displayName: string;
  /** `/o=<org>/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=<alias>`. */
  legacyExchangeDN: string;
  sizeBytes: number;
  itemCount: number;
  skippedItemCount: number;
}

/** The on-premises organization a staged migration moves from, and its directory synchronization. */
export interface OnPremisesOrganization {
  /** e.g. `Exchange 2007`. */
  version: string;
  mailboxes: OnPremisesMailbox[];
  /** Whether directory synchronization to the cloud tenant runs (Get-OrganizationConfig IsDirSyncRunning). */
  directorySync: boolean;
}

/** Get-OrganizationRelationship: what allows mailbox moves between two tenants. */
export interface OrganizationRelationship {
  name: string;
  /** The other tenant's GUID (cross-tenant moves) or domains (free/busy sharing). */
  domainNames: string[];
  enabled: boolean;
  mailboxMoveEnabled: boolean;
  /** `Inbound` on the target, `RemoteOutbound` on the source, `None` otherwise. */
  mailboxMoveCapability: string;
  oauthApplicationId?: string;
  /** Names of the mail-enabled security groups whose members may move out. */
  mailboxMovePublishedScopes: string[];
}

/** A mail-enabled security group, as Microsoft Graph sees it. */
export interface DirectoryGroup {
  objectId: string;
  name: string;
  mail: string;
  /** Object ids of the users that are direct members. */
  memberIds: string[];
  /** Object ids of the groups nested in this one. */
  groupIds: string[];
}

export interface Tenant {
  id: string;
  /** Short name, e.g. `contoso`. */
  name: string;
  /** The `<name>.onmicrosoft.com` domain. */
  domain: string;
  displayName: string;
  role: TenantRole;
  acceptedDomains: string[];
  endpoints: MigrationEndpoint[];
  recipients: Recipient[];
  organizationRelationships: OrganizationRelationship[];
  groups: DirectoryGroup[];
  /** Directory server name quoted in "couldn't be found on" errors. */
  server: string;
  /** The on-premises OU this tenant's Entra Connect server is scoped to (a hoster's customer). */
  onPremisesScope?: string;
  /** A staged tenant's on-premises Exchange organization (seed 003); absent elsewhere. */
  onPremises?: OnPremisesOrganization;
}

/** The preflight problems seeded into the demo directory on purpose. */
export const DEFECT_KINDS = [
  'missing-x500',
  'exchange-guid-mismatch',
  'litigation-hold',
  'in-place-hold',
  'missing-licence',
  'non-owned-proxy',
  'stale-previous-mailbox',
  'delegate-split',
  'one-sided-organization-relationship',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export interface SeededDefect {
  /** The target tenant's short name. */
  tenant: string;
  /** The target address: the one a batch CSV names. */
  email: string;
  defect: DefectKind;
}

export interface World {
  seed: number;
  extraMailUsers: number;
  tenants: Tenant[];
  defects: SeededDefect[];
  /** Extra MigrationWiz pairs in the first MigrationWiz world. */
  mwzExtraMailboxes: number;
  /** What the MigrationWiz stand-in serves (seeds 002 and 004). */
  migrationWiz: MwzWorld;
  /** The hoster's forest and customers (seed 000). */
  hoster?: HosterWorld;
}
