import type { MwzConnector, MwzItem, MwzItemError, MwzPass, PerType, ProjectSide } from './mwz-schema';
import { zeroPerType } from './mwz-schema';
import { DATA_TYPES, type DataType } from './mwz-world';
import { doneShare } from './pass-engine';
import { XmlList, type XmlObject, STAT_ENTRY_FIELDS } from './soap-shapes';

/** Entities as the answers carry them (no password ever); their simple fields are what Retrieve filters on. */

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

function sideView(side: ProjectSide): XmlObject {
  return {
    Url: side.url,
    UseAdministrativeCredentials: side.administrative,
    AdministrativeUsername: side.administrativeUsername,
  };
}

export function connectorView(c: MwzConnector): XmlObject {
  return {
    Id: c.id,
    WorkgroupId: c.workgroupId,
    OrganizationId: c.organizationId,
    Name: c.name,
    ProjectType: c.projectType,
    ExportType: c.exportType,
    ImportType: c.importType,
    ExportConfiguration: sideView(c.exportSide),
    ImportConfiguration: sideView(c.importSide),
    MaximumSimultaneousMigrations: c.maximumSimultaneousMigrations,
    MaximumItemFailures: c.maximumItemFailures,
    AdvancedOptions: c.advancedOptions,
    CreateDate: iso(c.createdAt),
  };
}

export function itemView(i: MwzItem): XmlObject {
  return {
    Id: i.id,
    ConnectorId: i.connectorId,
    ExportEmailAddress: i.exportEmailAddress,
    ImportEmailAddress: i.importEmailAddress,
    ExportUserName: i.exportUserName,
    ImportUserName: i.importUserName,
    CreateDate: iso(i.createdAt),
  };
}

export function passView(p: MwzPass): XmlObject {
  return {
    Id: p.id,
    MailboxId: p.mailboxId,
    ConnectorId: p.connectorId,
    Type: p.type,
    ItemTypes: p.itemTypes.length > 0 ? p.itemTypes.join(' ') : undefined,
    ItemStartDate: iso(p.itemStartDate),
    ItemEndDate: iso(p.itemEndDate),
    Priority: p.priority,
    Status: p.status,
    CreateDate: iso(p.createdAt),
    StartDate: iso(p.startedAt),
    CompleteDate: iso(p.completedAt),
    FailureMessage: p.failureMessage,
  };
}

export function errorView(e: MwzItemError): XmlObject {
  return {
    Id: e.id,
    MailboxId: e.mailboxId,
    ConnectorId: e.connectorId,
    MailboxMigrationId: e.migrationId,
    Type: e.type,
    CreateDate: iso(e.createdAt),
    ItemSize: e.itemSize,
    Message: e.message,
    ItemSubject: e.itemSubject,
  };
}

const FOLDERS: Record<DataType, string> = {
  Mail: 'Inbox',
  Calendar: 'Calendar',
  Contact: 'Contacts',
  Task: 'Tasks',
};

/** The folder a Processing pass is reading at this share of its plan. */
function currentFolder(moves: PerType, share: number): string | undefined {
  const total = DATA_TYPES.reduce((sum, t) => sum + moves[t].sizeBytes, 0);
  if (total === 0) return undefined;
  let reached = 0;
  for (const t of DATA_TYPES) {
    reached += moves[t].sizeBytes / total;
    if (share <= reached && moves[t].count > 0) return FOLDERS[t];
  }
  return undefined;
}

/** MailboxStat: the item's totals over its passes, with the running pass's progress so far. */
export function statView(item: MwzItem, running: MwzPass | undefined, now: number): XmlObject {
  const moved = zeroPerType();
  for (const t of DATA_TYPES) moved[t] = { ...item.moved[t] };
  let folder: string | undefined;
  if (running?.status === 'Processing' && running.plan) {
    const share = doneShare(running, now);
    for (const t of DATA_TYPES) {
      moved[t].count += Math.floor(running.plan.moves[t].count * share);
      moved[t].sizeBytes += Math.round(running.plan.moves[t].sizeBytes * share);
    }
    folder = currentFolder(running.plan.moves, share);
  }
  const entries: XmlObject[] = [];
  for (const t of DATA_TYPES) {
    const errors = item.errorTotals[t];
    const outstanding = item.failed[t];
    if (moved[t].count === 0 && errors.count === 0) continue;
    entries.push({
      ItemType: t,
      TaskType: 'Export',
      SuccessCount: moved[t].count + outstanding.count,
      SuccessSize: moved[t].sizeBytes + outstanding.sizeBytes,
      ErrorCount: 0,
      ErrorSize: 0,
    });
    entries.push({
      ItemType: t,
      TaskType: 'Import',
      SuccessCount: moved[t].count,
      SuccessSize: moved[t].sizeBytes,
      ErrorCount: errors.count,
      ErrorSize: errors.sizeBytes,
    });
  }
  return {
    Id: item.statId,
    MailboxId: item.id,
    ConnectorId: item.connectorId,
    Entries: new XmlList('MailboxStatEntry', entries, STAT_ENTRY_FIELDS),
    ExportDuration: item.exportDurationMs,
    ImportDuration: item.importDurationMs,
    CurrentlyExportedFolderName: folder,
  };
}
