/** The seeded side of the MigrationWiz stand-in: API accounts, workgroups and the mailboxes they can reach. */

/** The item types a pass moves and MailboxStat reports. */
export const DATA_TYPES = ['Mail', 'Calendar', 'Contact', 'Task'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** The defects seeded into each world on purpose. */
export const MWZ_DEFECTS = ['bad-source-credentials', 'item-errors', 'needs-user'] as const;
export type MwzDefect = (typeof MWZ_DEFECTS)[number];

export interface TypeVolume {
  count: number;
  sizeBytes: number;
}

/** A mailbox on the source side: how much of each item type it holds. */
export interface MwzSourceMailbox {
  address: string;
  displayName: string;
  volumes: Record<DataType, TypeVolume>;
  defect?: MwzDefect;
}

export interface MwzWorkgroup {
  id: string;
  name: string;
  /** The customer (OrganizationId) the workgroup's projects belong to. */
  organizationId: string;
  /** The API account allowed to work in it. */
  account: string;
  /** The EWS URL of each side when it is an Exchange server (hosted Exchange); absent for Microsoft 365. */
  sourceUrl?: string;
  targetUrl?: string;
  /** Source mailboxes by lower-case address. */
  sources: Map<string, MwzSourceMailbox>;
  /** Target mailbox addresses, lower-case. */
  targets: Set<string>;
  /** Source and target address of each seeded pair, in seed order (for the tooling listing). */
  pairs: { source: string; target: string }[];
}

export interface MwzAccount {
  emailAddress: string;
  password: string;
}

export interface MwzWorld {
  accounts: MwzAccount[];
  workgroups: MwzWorkgroup[];
}
