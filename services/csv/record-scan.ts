/**
 * Reads the record structure of CSV text (LF line breaks, starting at the header) without parsing
 * it, in one pass over the characters, so that the work per upload stays bounded whatever the
 * file holds:
 * - a file over a batch's row limit is measured at once and only the rows a batch could hold are
 *   parsed and checked (`cut`, `overLine`);
 * - rows without quotes whose column count differs from the header's are found here (`uneven`),
 *   so that the parser, which builds an error object for each such row, never sees them.
 * A record ends at a line break outside double quotes; one holding only white space, commas and
 * quotes is blank, as the reader skips it.
 */
export interface RecordScan {
  /** Non-blank records, the header included. */
  records: number;
  /** Offset just after the record that ends the first `keep` non-blank ones, when there are more. */
  cut: number;
  /** 1-based line (from the text's first line) of the first non-blank record after the cut. */
  overLine: number;
  /** Columns of the header (the first non-blank record). */
  width: number;
  /** Before the cut: lines without quotes whose column count is not the header's. */
  uneven: UnevenLine[];
  /** Before the cut: records with quotes whose column count is not the header's. */
  quotedUneven: number;
  /**
   * Before the cut: blank records (the reader skips them, but the parser reads each). When there are
   * more than the scan's `maxBlank`, the scan stops at the first one over: the file is refused then.
   */
  blank: number;
}

export interface UnevenLine {
  /** Offsets of the line's content (without its line break or a CR before it). */
  start: number;
  end: number;
  line: number;
  columns: number;
  blank: boolean;
}

export function scanRecords(text: string, keep: number, maxBlank = Number.POSITIVE_INFINITY): RecordScan {
  let records = 0;
  let cut = -1;
  let overLine = 0;
  let width = 0;
  let quotedUneven = 0;
  let blank = 0;
  const uneven: UnevenLine[] = [];
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  let quoted = false;
  let hasQuote = false;
  let content = false;
  let columns = 1;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const c = i === length ? 10 : text.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted;
      hasQuote = true;
      continue;
    }
    if (c === 10) {
      if (i < length) line++;
      if (quoted && i < length) continue;
      const empty = i === length && i === recordStart;
      if (!content && !empty && cut === -1 && ++blank > maxBlank) {
        return { records, cut: -1, overLine: 0, width, uneven, quotedUneven, blank };
      }
      if (content && records === 0) width = columns;
      else if (cut === -1 && !empty && columns !== width && (records > 0 || content)) {
        if (hasQuote) quotedUneven++;
        else {
          const end = i > recordStart && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
          uneven.push({ start: recordStart, end, line: recordLine, columns, blank: !content });
        }
      }
      if (content) {
        records++;
        if (records === keep) cut = i + 1;
        else if (records === keep + 1) overLine = recordLine;
      }
      content = false;
      hasQuote = false;
      columns = 1;
      recordStart = i + 1;
      recordLine = line;
      continue;
    }
    if (c === 44 && !quoted) columns++;
    else if (!content && !blankChar(c)) content = true;
  }
  const over = records > keep;
  return {
    records,
    cut: over ? cut : -1,
    overLine: over ? overLine : 0,
    width,
    uneven,
    quotedUneven,
    blank,
  };
}

/** White space as String.prototype.trim sees it: what a blank record may hold besides commas. */
function blankChar(c: number): boolean {
  if (c <= 32) return true;
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
