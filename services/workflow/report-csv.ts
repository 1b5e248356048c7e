import { toCsv } from '../csv/export-csv';
import { type Batch, type BatchUser, FAILED_USER_STATUSES } from '../model/batch';
import { userGroupOf } from '../model/history';
import { readAll } from '../store/document-store';
import type { ServiceContext } from '../context';
import { suggestedFix } from './report-fixes';

export const REPORT_CSV_HEADER = [
  'EmailAddress',
  'SourceAddress',
  'Status',
  'Group',
  'LastSuccessfulSyncTime',
  'Pass',
  'PassStatus',
  'Error',
  'SuggestedFix',
  'UpdatedAt',
] as const;

/** One user's row: the statistics the last sync stored, as they are (formulas neutralised by toCsv). */
export function reportCsvRow(user: BatchUser): (string | undefined)[] {
  const failed = FAILED_USER_STATUSES.includes(user.status);
  return [
    user.email,
    user.sourceEmail,
    user.engineStatus ?? user.status,
    userGroupOf(user.status),
    user.lastSuccessfulSyncTime,
    user.lastPass?.type,
    user.lastPass?.status,
    user.error,
    failed ? suggestedFix(user.error) : undefined,
    user.updatedAt,
  ];
}

/** The per-user statistics of a batch as a spreadsheet, one row per user by address. */
export async function reportCsv(ctx: ServiceContext, batch: Pick<Batch, 'id'>): Promise<string> {
  const users = await readAll(ctx.repos.batchUsers, { pk: batch.id, orderBy: { field: 'email' } });
  return toCsv(REPORT_CSV_HEADER, users.map(reportCsvRow));
}
