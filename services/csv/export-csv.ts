import { csvField } from './csv-field';

export type CsvCell = string | number | boolean | null | undefined;

/** First characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV export for people to open in a spreadsheet: RFC 4180 quoting, CRLF line breaks, and every
 * text cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * prefixed with a single quote. Numbers and booleans are written as they are; null and undefined
 * are empty cells.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(cell).join(',')];
  for (const row of rows) lines.push(row.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return csvField(FORMULA_START.test(value) ? `'${value}` : value);
}
