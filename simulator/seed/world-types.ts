/** The directory the simulator serves: tenants, their recipients and migration endpoints. */
export type TenantRole = 'source' | 'target' | 'hybrid';

export interface Recipient {
  /** Primary SMTP address. */
  email: string;
  displayName: string;
  recipientType: 'Mailbox' | 'MailUser';
  recipientTypeDetails: 'UserMailbox' | 'SharedMailbox' | 'MailUser';
  /** Size of the mailbox data to move (for a MailUser: of its source mailbox). */
  sizeBytes: number;
  itemCount: number;
  /** Items the move will skip (bad or large items); drives DataConsistencyScore. */
  skippedItemCount: number;
  exchangeGuid: string;
  /** For a MailUser: where mail goes today (the source mailbox). */
  externalEmailAddress?: string;
  /** A permanent move failure seeded into the demo (for example a missing licence). */
  seededFailure?: string;
}

export interface MigrationEndpoint {
  name: string;
  guid: string;
  endpointType: 'ExchangeRemoteMove';
  remoteServer: string;
  remoteTenant?: string;
  applicationId?: string;
  maxConcurrentMigrations: number;
  maxConcurrentIncrementalSyncs: number;
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
  /** Directory server name quoted in "couldn't be found on" errors. */
  server: string;
}

export interface World {
  seed: number;
  extraMailUsers: number;
  tenants: Tenant[];
}
