import { parseCsv } from '../protocol/csv-data';

/** What the call log shows instead of a secret. */
export const REDACTED = '********';

function csvBytes(value: unknown): { bytes: Buffer; base64: boolean } | null {
  if (typeof value !== 'object' || value === null) return null;
  const data = (value as { Data?: unknown }).Data;
  if (typeof data === 'string') return { bytes: Buffer.from(data, 'base64'), base64: true };
  if (Array.isArray(data) && data.every((b) => Number.isInteger(b)))
    return { bytes: Buffer.from(data as number[]), base64: false };
  return null;
}

const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/** CSVData with every Password cell replaced, in the encoding it came in; unchanged without a Password column. */
function redactCsvData(value: unknown): unknown {
  const found = csvBytes(value);
  if (!found) return value;
  const rows = parseCsv(found.bytes.toString('utf8'));
  const column = rows[0]?.findIndex((h) => h.trim().toLowerCase() === 'password') ?? -1;
  if (column < 0) return value;
  const text = rows
    .map((row, i) =>
      row
        .map((cell, c) => (i > 0 && c === column && cell !== '' ? REDACTED : cell))
        .map(quote)
        .join(','),
    )
    .join('\r\n');
  const bytes = Buffer.from(text, 'utf8');
  return { ...(value as object), Data: found.base64 ? bytes.toString('base64') : [...bytes] };
}

/**
 * The parameters as the call log keeps them: a staged CSV's passwords and any Credentials replaced by
 * a mask, so that neither the log nor the control endpoint that lists calls ever holds them.
 */
export function redactSecrets(parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const key = name.toLowerCase();
    if (key === 'csvdata') out[name] = redactCsvData(value);
    else if (key === 'credentials' || key === 'password') out[name] = REDACTED;
    else out[name] = value;
  }
  return out;
}
