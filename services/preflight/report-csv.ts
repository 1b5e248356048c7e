import { toCsv } from '../csv/export-csv';
import type { PreflightReport } from '../model/preflight';
import { CHECKS } from './checks';

const HEADER = ['Scope', 'Status', 'Check', 'Problem', 'Fix'] as const;

/**
 * The preflight report as a spreadsheet: one row per finding (batch findings first, then users
 * worst first), and one "pass" row per user with none, so that the file lists every user.
 */
export function preflightCsv(report: PreflightReport, allUsers: readonly string[]): string {
  const rows: string[][] = [];
  for (const f of report.batchFindings)
    rows.push(['(batch)', f.status, CHECKS[f.check].title, f.message, f.fix]);
  const flagged = new Set<string>();
  for (const user of report.users) {
    flagged.add(user.email);
    for (const f of user.findings) rows.push([user.email, f.status, CHECKS[f.check].title, f.message, f.fix]);
  }
  for (const email of allUsers) if (!flagged.has(email)) rows.push([email, 'pass', '', '', '']);
  return toCsv(HEADER, rows);
}
