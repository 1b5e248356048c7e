import { decodeCsvInput } from './decode-csv-input';
import { csvText } from './export-csv';
import { InvalidCsvError } from './invalid-csv-error';
import { readCsvTable } from './read-csv-table';

/**
 * Splits a CSV into files of at most `limit` rows each, every one with the header, in the file's
 * order (blank lines dropped, values trimmed, CRLF line breaks). Meant for a file that is valid
 * apart from being over a batch's row limit; values are kept as read, passwords included.
 */
export function splitCsv(text: string | Buffer, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number above 0');
  const decoded = decodeCsvInput(text, Number.POSITIVE_INFINITY);
  if (!decoded.ok) throw new InvalidCsvError([decoded.error]);
  const read = readCsvTable(decoded.text);
  if (!read.ok) throw new InvalidCsvError([read.error]);
  const width = read.table.header.length;
  const uneven = read.table.uneven.map(({ line, columns }) => ({
    row: line,
    reason: `this row has ${columns} ${columns === 1 ? 'column' : 'columns'}; the header has ${width}`,
  }));
  if (uneven.length > 0) throw new InvalidCsvError(uneven);
  const { header, records } = read.table;
  const chunks: string[] = [];
  for (let start = 0; start < records.length; start += limit) {
    const rows = records.slice(start, start + limit).map((record) => record.map((value) => value.trim()));
    chunks.push(csvText([header, ...rows]));
  }
  return chunks;
}
