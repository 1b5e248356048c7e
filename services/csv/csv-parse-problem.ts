import type { CsvRowError } from './csv-result';

/**
 * Explains a csv-parse failure without quoting the file: csv-parse's own messages repeat cell
 * values, and a cell may hold a password.
 */
export function csvParseProblem(error: unknown, text: string, lineOffset: number): CsvRowError {
  const { code, lines } = error as { code?: string; lines?: number };
  const at = typeof lines === 'number' && lines > 0 ? lines + lineOffset : 0;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        row: unclosedQuoteLine(text) + lineOffset,
        reason: 'a quoted value starts on this line and is never closed; add the closing double quote',
      };
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return {
        row: at,
        reason:
          'a double quote is misplaced: quote whole values ("a,b") and double any quote inside one ("a""b")',
      };
    default:
      return { row: at, reason: 'this line is not valid CSV; save the file again as CSV UTF-8' };
  }
}

/** Line where the quoted value left open at the end of the file began (RFC 4180 quoting). */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedOn = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === 34 && fieldStart) {
      quoted = true;
      openedOn = line;
      continue;
    }
    if (c === 44 || c === 10) fieldStart = true;
    else if (c !== 32 && c !== 9) fieldStart = false;
  }
  return openedOn;
}
