/**
 * Counts the records of CSV text (LF line breaks) without parsing it, so that a file over a batch's
 * row limit is measured at once and only the rows a batch could hold are parsed and checked: the
 * work per upload stays bounded whatever the file holds. A record ends at a line break outside
 * double quotes; one holding only white space, commas and quotes counts as blank, as the reader
 * skips it. One pass over the characters, no allocation.
 */
export interface RecordScan {
  /** Non-blank records, the header included. */
  records: number;
  /** Offset just after the record that ends the first `keep` non-blank ones, when there are more. */
  cut: number;
  /** 1-based line (from the text's first line) of the first non-blank record after the cut. */
  overLine: number;
}

export function scanRecords(text: string, keep: number): RecordScan {
  let records = 0;
  let cut = -1;
  let overLine = 0;
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let content = false;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const c = i === length ? 10 : text.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted;
      continue;
    }
    if (c === 10) {
      if (i < length) line++;
      if (quoted && i < length) continue;
      if (content) {
        records++;
        if (records === keep) cut = i + 1;
        else if (records === keep + 1) overLine = recordLine;
      }
      content = false;
      recordLine = line;
      continue;
    }
    if (!content && !blankChar(c)) content = true;
  }
  return { records, cut: records > keep ? cut : -1, overLine: records > keep ? overLine : 0 };
}

/** White space as String.prototype.trim sees it, and the comma: what a blank record may hold. */
function blankChar(c: number): boolean {
  if (c <= 32 || c === 44) return true;
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
