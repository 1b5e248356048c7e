const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One RFC 4180 field: quoted (with inner quotes doubled) when it holds a comma, a double quote or a
 * line break, or starts or ends with whitespace (which an unquoted field would lose on reading).
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line, without its line break. */
export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
