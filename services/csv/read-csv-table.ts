import { parse } from 'csv-parse/sync';
import { csvParseProblem } from './csv-parse-problem';
import type { CsvRowError } from './csv-result';
import { scanRecords, type UnevenLine } from './record-scan';

/**
 * A parsed CSV: the header, then the data rows (blank lines dropped) with the line each starts on.
 * Cells are as csv-parse read them: callers trim the ones they use (see `cell`).
 */
export interface CsvTable {
  header: string[];
  headerLine: number;
  records: string[][];
  lines: Uint32Array;
  /**
   * Set when the file has more data rows than the reader was asked to keep: how many it has, and
   * the line of the first one left unread. `records` then holds the rows kept only.
   */
  over?: { rows: number; line: number };
  /** Rows whose column count is not the header's, found before parsing (they are not in `records`). */
  uneven: { line: number; columns: number }[];
}

export type CsvTableResult = { ok: true; table: CsvTable } | { ok: false; error: CsvRowError };

export const EMPTY_FILE = 'the file is empty: give a header row and one row per user';

/** Errors csv-parse raises for spaces around a quoted value, which its trim option accepts. */
const SPACED_QUOTES = new Set([
  'INVALID_OPENING_QUOTE',
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

/**
 * Parses CSV text once with csv-parse. Line breaks may be CRLF, LF or CR (even mixed); blank lines
 * and rows of empty cells are skipped; Excel's "sep=," line is accepted. A file separated by
 * semicolons or tabs is refused with a plain explanation. With `maxRows`, a file with more data rows
 * is counted but only its first `maxRows` rows are parsed (see `over`).
 */
export function readCsvTable(text: string, maxRows = Number.POSITIVE_INFINITY): CsvTableResult {
  const scan = scanLines(text);
  // Mixed or old Mac line breaks: rewrite them to LF (and look at every record for blank ones).
  const normal = scan.consistent ? text : text.replace(/\r\n?/g, '\n');
  const breaks = scan.consistent ? scan.breaks : count(normal, '\n');
  let first = firstContentLine(normal, 0, 1);
  const sep = first && /^ *sep=(.) *$/i.exec(first.text);
  if (first && sep) {
    if (sep[1] !== ',') return { ok: false, error: separatorProblem(sep[1]!, first.line) };
    first = first.end === -1 ? undefined : firstContentLine(normal, first.end + 1, first.line + 1);
  }
  if (!first) return { ok: false, error: { row: 0, reason: EMPTY_FILE } };
  if (!first.text.includes(',')) {
    const semicolons = count(first.text, ';');
    const tabs = count(first.text, '\t');
    if (semicolons + tabs > 0) {
      return { ok: false, error: separatorProblem(semicolons >= tabs ? ';' : '\t', first.line) };
    }
  }
  const whole = first.start === 0 ? normal : normal.slice(first.start);
  const records = scanRecords(
    whole,
    Number.isFinite(maxRows) ? maxRows + 1 : Number.POSITIVE_INFINITY,
    MAX_BLANK_LINES,
  );
  if (records.quotedUneven > MAX_QUOTED_UNEVEN) {
    return { ok: false, error: { row: first.line, reason: TOO_UNEVEN } };
  }
  if (records.blank > MAX_BLANK_LINES) return { ok: false, error: { row: 0, reason: TOO_BLANK } };
  const kept = records.cut >= 0 ? whole.slice(0, records.cut) : whole;
  const body = records.uneven.length > 0 ? evened(kept, records.uneven, records.width) : kept;
  const rows = parseRows(body);
  if (!Array.isArray(rows)) return { ok: false, error: csvParseProblem(rows.error, body, first.line - 1) };
  // csv-parse gives one record per line unless a quoted value spans lines.
  const bodyBreaks = first.start === 0 && body === normal ? breaks : count(body, '\n');
  const lines = body.endsWith('\n') ? bodyBreaks : bodyBreaks + 1;
  const read = tableOf(rows, first.line, lines !== rows.length);
  if (!read.ok) return read;
  if (records.cut >= 0) {
    read.table.over = { rows: records.records - 1, line: first.line - 1 + records.overLine };
  }
  for (const line of records.uneven) {
    if (!line.blank) read.table.uneven.push({ line: first.line - 1 + line.line, columns: line.columns });
  }
  return read;
}

/** Blank lines (or lines of commas and spaces) the parser is given at most. */
const MAX_BLANK_LINES = 10_000;
const TOO_BLANK = `the file has more than ${MAX_BLANK_LINES.toLocaleString('en-US')} blank lines (or lines of commas only); remove them and save it again`;

/** Rows with quotes and a column count not the header's that the parser is given at most. */
const MAX_QUOTED_UNEVEN = 200;
const TOO_UNEVEN = `more than ${MAX_QUOTED_UNEVEN} rows have quoted values and a number of columns other than the header's; save the file again as CSV with one value per column`;

/**
 * The text with each line of `uneven` replaced by an empty row of the header's width (which the
 * reader skips): the parser then reads every row at its fast pace. Line numbers do not change.
 */
function evened(text: string, uneven: readonly UnevenLine[], width: number): string {
  const empty = ','.repeat(Math.max(0, width - 1));
  const parts: string[] = [];
  let from = 0;
  for (const line of uneven) {
    parts.push(text.slice(from, line.start), empty);
    from = line.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The trimmed value of a cell (csv-parse runs without its slower trim option). */
export function cell(record: readonly string[], index: number): string {
  const value = record[index]!;
  if (value.length === 0) return value;
  // Most cells start and end with printable ASCII: two character reads instead of a call.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? value : value.trim();
}

function parseRows(body: string): string[][] | { error: unknown } {
  // csv-parse builds an error object for every row whose column count differs from the header's,
  // even when it is told to accept them; without stack traces that costs a tenth as much, which
  // keeps a file of such rows within the time a request may take.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseRowsOnce(body);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseRowsOnce(body: string): string[][] | { error: unknown } {
  try {
    return parse(body, { relax_column_count: true });
  } catch (error) {
    if (!SPACED_QUOTES.has((error as { code?: string }).code ?? '')) return { error };
  }
  try {
    return parse(body, { relax_column_count: true, trim: true });
  } catch (error) {
    return { error };
  }
}

/** The header and the data rows, blank ones skipped, each with its line (quoted values may span lines). */
function tableOf(rows: string[][], firstLine: number, multiLine: boolean): CsvTableResult {
  const lines = new Uint32Array(rows.length);
  let next = firstLine;
  let kept = 0;
  let headerAt = -1;
  for (let i = 0; i < rows.length; i++) {
    const record = rows[i]!;
    const line = next;
    next += multiLine ? 1 + lineBreaks(record) : 1;
    if (isBlank(record)) continue;
    if (headerAt < 0) headerAt = i;
    else lines[kept++] = line;
  }
  if (headerAt < 0) return { ok: false, error: { row: 0, reason: EMPTY_FILE } };
  const header = rows[headerAt]!.map((name) => name.trim());
  const records =
    kept === rows.length - headerAt - 1
      ? rows.slice(headerAt + 1)
      : rows.slice(headerAt + 1).filter((record) => !isBlank(record));
  const headerLine = firstLine + lineOffset(rows, headerAt, multiLine);
  return { ok: true, table: { header, headerLine, records, lines: lines.subarray(0, kept), uneven: [] } };
}

function lineOffset(rows: string[][], index: number, multiLine: boolean): number {
  if (!multiLine) return index;
  let offset = 0;
  for (let i = 0; i < index; i++) offset += 1 + lineBreaks(rows[i]!);
  return offset;
}

interface LineScan {
  /** Number of LF characters. */
  breaks: number;
  /** True when csv-parse can read the text as it is: LF only, or CRLF throughout. */
  consistent: boolean;
}

/** Counts the line breaks and those preceded by a CR. */
function scanLines(text: string): LineScan {
  let breaks = 0;
  let crlf = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    breaks++;
    if (text.charCodeAt(at - 1) === 13) crlf++;
  }
  // A stray CR inside a CRLF file stays part of its value (and is trimmed at either end).
  const consistent = crlf === 0 ? !text.includes('\r') : crlf === breaks;
  return { breaks, consistent };
}

interface Line {
  start: number;
  /** Offset of the line's '\n', or -1 for the last line. */
  end: number;
  line: number;
  text: string;
}

function firstContentLine(text: string, from: number, line: number): Line | undefined {
  let start = from;
  for (let n = line; start <= text.length; n++) {
    const end = text.indexOf('\n', start);
    const content = text.slice(start, end === -1 ? text.length : end);
    if (content.trim() !== '') return { start, end, line: n, text: content.replace(/\r$/, '') };
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

function separatorProblem(separator: string, row: number): CsvRowError {
  const name = separator === ';' ? 'semicolons' : separator === '\t' ? 'tabs' : `"${separator}"`;
  return { row, reason: `the file is separated by ${name}; save it as comma-separated CSV` };
}

function isBlank(record: readonly string[]): boolean {
  const first = record[0]!.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  for (const value of record) if (value !== '' && value.trim() !== '') return false;
  return true;
}

function lineBreaks(record: readonly string[]): number {
  let breaks = 0;
  for (const value of record) {
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}
