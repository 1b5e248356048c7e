import { resolveColumns } from './csv-columns';
import { MAX_CSV_BYTES } from './csv-limits';
import { decodeCsvInput } from './decode-csv-input';
import { csvText } from './export-csv';
import { InvalidCsvError } from './invalid-csv-error';
import { cell, readCsvTable } from './read-csv-table';
import { type ValidateCsvOptions, validateCsv } from './validate-csv';

/**
 * The CSVData to send with a staged New-MigrationBatch, read again from the uploaded file: the
 * header EmailAddress[,Password][,ForceChangePassword] and one row per user, passwords as given
 * (without surrounding spaces, like every value), ForceChangePassword as True or False, CRLF line breaks.
 *
 * This is the only place that handles passwords: it writes no log and keeps nothing. A file that
 * is not a valid staged CSV (over 1,000 rows included: split it first) throws InvalidCsvError,
 * whose errors never quote a password.
 */
export function stagedCsvForExchange(input: string | Buffer, options: ValidateCsvOptions = {}): string {
  const validation = validateCsv(input, 'staged', options);
  if (!validation.ok) throw new InvalidCsvError(validation.errors);
  const decoded = decodeCsvInput(input, options.maxBytes ?? MAX_CSV_BYTES);
  const read = decoded.ok ? readCsvTable(decoded.text) : undefined;
  if (!read?.ok) throw new InvalidCsvError([{ row: 0, reason: 'the file changed while it was read' }]);
  const { header, headerLine, records } = read.table;
  const { columns } = resolveColumns(header, 'staged', headerLine);
  const head = ['EmailAddress'];
  if (columns.password >= 0) head.push('Password');
  if (columns.force >= 0) head.push('ForceChangePassword');
  const rows = [head];
  for (const record of records) {
    const values = [cell(record, columns.email)];
    if (columns.password >= 0) values.push(cell(record, columns.password));
    if (columns.force >= 0)
      values.push(cell(record, columns.force).toLowerCase() === 'true' ? 'True' : 'False');
    rows.push(values);
  }
  return csvText(rows);
}
