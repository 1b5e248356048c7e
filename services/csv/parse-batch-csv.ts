import { parse } from 'csv-parse/sync';
import type { Scenario } from '../model/statuses';

export interface CsvRowError {
  /** 1-based line number in the file (the header is line 1). */
  row: number;
  column?: string;
  reason: string;
}

export type CsvResult =
  | { ok: true; emails: string[]; header: string[] }
  | { ok: false; errors: CsvRowError[]; tooManyRows?: { rows: number; limit: number } };

export const MAX_USERS: Record<Scenario, number> = {
  'cross-tenant': 2000,
  hybrid: 2000,
  staged: 1000,
  'third-party': 2000,
  hosted: 2000,
};

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const MAX_ERRORS = 50;

/**
 * Parses a batch CSV (EmailAddress column required) and reports row-level errors.
 * Nothing is returned for a file with any error: a batch is created from a clean file only.
 */
export function parseBatchCsv(text: string, scenario: Scenario): CsvResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES) {
    return {
      ok: false,
      errors: [{ row: 0, reason: `the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB` }],
    };
  }
  const clean = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  if (!clean)
    return {
      ok: false,
      errors: [{ row: 0, reason: 'the CSV is empty: give a header row (EmailAddress) and one row per user' }],
    };
  const firstLine = clean.split('\n', 1)[0]!;
  if (!firstLine.includes(',') && firstLine.includes(';')) {
    return {
      ok: false,
      errors: [{ row: 1, reason: 'the file is separated by semicolons; save it as comma-separated CSV' }],
    };
  }
  let records: string[][];
  try {
    records = parse(clean, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { ok: false, errors: [{ row: e.lines ?? 0, reason: `not a valid CSV: ${e.message}` }] };
  }
  const header = records[0] ?? [];
  const emailColumn = header.findIndex((h) => h.toLowerCase() === 'emailaddress');
  if (emailColumn < 0) {
    return {
      ok: false,
      errors: [{ row: 1, column: 'EmailAddress', reason: 'the header row must contain EmailAddress' }],
    };
  }
  const rows = records.slice(1);
  if (rows.length === 0)
    return { ok: false, errors: [{ row: 2, reason: 'the CSV has a header but no users' }] };
  const limit = MAX_USERS[scenario];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  const emails: string[] = [];
  rows.forEach((record, i) => {
    const row = i + 2;
    if (record.length !== header.length) {
      errors.push({ row, reason: `has ${record.length} columns; the header has ${header.length}` });
      return;
    }
    const email = (record[emailColumn] ?? '').toLowerCase();
    if (!EMAIL.test(email)) {
      errors.push({
        row,
        column: 'EmailAddress',
        reason: email ? `"${email}" is not an email address` : 'is empty',
      });
      return;
    }
    const first = seen.get(email);
    if (first) {
      errors.push({ row, column: 'EmailAddress', reason: `${email} is already on row ${first}` });
      return;
    }
    seen.set(email, row);
    emails.push(email);
  });
  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  if (rows.length > limit) {
    return {
      ok: false,
      errors: [
        {
          row: limit + 2,
          reason: `a ${scenario} batch holds at most ${limit} users; this file has ${rows.length}`,
        },
      ],
      tooManyRows: { rows: rows.length, limit },
    };
  }
  return { ok: true, emails, header };
}

/** The CSV sent to the provider: the header and one address per line. */
export function batchCsv(emails: readonly string[]): string {
  return ['EmailAddress', ...emails].join('\r\n') + '\r\n';
}
