import type { Scenario } from '../model/statuses';
import type { CsvRowError } from './csv-result';
import { type ValidateCsvOptions, validateCsv } from './validate-csv';

export type { CsvRowError } from './csv-result';
export { MAX_CSV_BYTES, MAX_USERS } from './csv-limits';

export type CsvResult =
  | {
      ok: true;
      emails: string[];
      header: string[];
      /** A mapping file's rows: each user's source and target address. */
      mapping?: { source: string; target: string }[];
    }
  | { ok: false; errors: CsvRowError[]; tooManyRows?: { rows: number; limit: number } };

/**
 * The addresses of a batch CSV, validated for the scenario (see validateCsv): EmailAddress, or
 * TargetEmail for a third-party or hosted mapping. Nothing is returned for a file with any error.
 */
export function parseBatchCsv(
  text: string | Buffer,
  scenario: Scenario,
  options: ValidateCsvOptions = {},
): CsvResult {
  const result = validateCsv(text, scenario, options);
  if (result.ok) {
    const mapping = result.users.every((u) => u.sourceEmail && u.targetEmail)
      ? result.users.map((u) => ({ source: u.sourceEmail!, target: u.targetEmail! }))
      : undefined;
    const emails = result.users.map((u) => u.targetEmail ?? u.email);
    return mapping
      ? { ok: true, emails, header: result.header, mapping }
      : { ok: true, emails, header: result.header };
  }
  if (!result.split) return { ok: false, errors: result.errors };
  return {
    ok: false,
    errors: result.errors,
    tooManyRows: { rows: result.split.rows, limit: result.split.limit },
  };
}

/** The CSV sent to the provider: the header and one address per line. */
export function batchCsv(emails: readonly string[]): string {
  return ['EmailAddress', ...emails].join('\r\n') + '\r\n';
}
