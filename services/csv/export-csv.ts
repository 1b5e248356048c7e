import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/** First characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quoted besides commas and double quotes: any line break (a lone CR or LF too, not only the CRLF
 * between records) and white space at either end, which a reader would lose.
 */
const ALSO_QUOTED = /[\r\n]|^\s|\s$/;

/**
 * CSV text for Exchange or for a file to upload again: RFC 4180 quoting, CRLF line breaks, every
 * value exactly as given (a password may start with "=": nothing is added to it).
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { record_delimiter: 'windows', quoted_match: ALSO_QUOTED });
}

/**
 * A CSV export for people to open in a spreadsheet: RFC 4180 quoting (csv-stringify), CRLF line
 * breaks, and every text cell that a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or CR) prefixed with a single quote. Numbers and booleans are written as they are; null and
 * undefined are empty cells.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header, ...rows] as CsvCell[][], {
    record_delimiter: 'windows',
    quoted_match: ALSO_QUOTED,
    cast: {
      boolean: (value) => String(value),
      string: (value) => (FORMULA_START.test(value) ? `'${value}` : value),
    },
  });
}
