/**
 * MigrationWiz's entities as the engine reads and writes them, with MigrationWiz's own field names.
 * Dates are ISO-8601 UTC strings; a field that is absent is not set. How each is written on the wire
 * is in soap-shapes.ts.
 */

/** One side of a project (ExportConfiguration or ImportConfiguration). */
export interface ExchangeConfiguration {
  Url?: string;
  UseAdministrativeCredentials?: boolean;
  AdministrativeUsername?: string;
  AdministrativePassword?: string;
}

/** A project. */
export interface MailboxConnector {
  Id?: string;
  WorkgroupId?: string;
  OrganizationId?: string;
  Name?: string;
  ProjectType?: string;
  ExportType?: string;
  ImportType?: string;
  ExportConfiguration?: ExchangeConfiguration;
  ImportConfiguration?: ExchangeConfiguration;
  MaximumSimultaneousMigrations?: number;
  MaximumItemFailures?: number;
  AdvancedOptions?: string;
  CreateDate?: string;
}

/** An item: one mailbox to move. */
export interface Mailbox {
  Id?: string;
  ConnectorId?: string;
  ExportEmailAddress?: string;
  ImportEmailAddress?: string;
  ExportUserName?: string;
  ExportPassword?: string;
  ImportUserName?: string;
  ImportPassword?: string;
  CreateDate?: string;
}

export const MIGRATION_TYPES = ['Full', 'Verification', 'Trial', 'Repair'] as const;
export type MigrationType = (typeof MIGRATION_TYPES)[number];

export const MIGRATION_STATUSES = [
  'Submitted',
  'Queued',
  'WaitingForEndUser',
  'Processing',
  'Stopping',
  'Stopped',
  'Completed',
  'Failed',
  'MaximumTransferReached',
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** The item types a pass may move (`ItemTypes` is a space-separated list of these, or `None`). */
export const ITEM_TYPES = [
  'Folder',
  'Mail',
  'Calendar',
  'Contact',
  'Task',
  'Note',
  'Journal',
  'Rule',
] as const;

/** One pass of one item. */
export interface MailboxMigration {
  Id?: string;
  MailboxId?: string;
  ConnectorId?: string;
  Type?: string;
  ItemTypes?: string;
  ItemStartDate?: string;
  ItemEndDate?: string;
  Priority?: number;
  Status?: string;
  CreateDate?: string;
  StartDate?: string;
  CompleteDate?: string;
  FailureMessage?: string;
}

/** Moved and failed items of one type on one side (sizes in bytes). */
export interface MailboxStatEntry {
  ItemType?: string;
  TaskType?: string;
  SuccessCount?: number;
  SuccessSize?: number;
  ErrorCount?: number;
  ErrorSize?: number;
}

/** Per item, the sum over its passes. */
export interface MailboxStat {
  Id?: string;
  MailboxId?: string;
  ConnectorId?: string;
  Entries?: MailboxStatEntry[];
  ExportDuration?: number;
  ImportDuration?: number;
  CurrentlyExportedFolderName?: string;
}

/** One item that failed to move in one pass. */
export interface MailboxError {
  Id?: string;
  MailboxId?: string;
  ConnectorId?: string;
  MailboxMigrationId?: string;
  Type?: string;
  CreateDate?: string;
  ItemSize?: number;
  Message?: string;
  ItemSubject?: string;
}

/** Each entity name with its shape. */
export interface EntityTypes {
  MailboxConnector: MailboxConnector;
  Mailbox: Mailbox;
  MailboxMigration: MailboxMigration;
  MailboxStat: MailboxStat;
  MailboxError: MailboxError;
}
export type EntityName = keyof EntityTypes;
export const ENTITY_NAMES = [
  'MailboxConnector',
  'Mailbox',
  'MailboxMigration',
  'MailboxStat',
  'MailboxError',
] as const satisfies readonly EntityName[];

/** An entity with its name, as requests carry them and answers return them. */
export type TypedEntity = { [N in EntityName]: { entityName: N; fields: EntityTypes[N] } }[EntityName];
