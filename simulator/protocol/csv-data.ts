import { invalidArgument } from './cmdlet-error';

/**
 * Decodes a `byte[]` parameter such as CSVData: `{"@odata.type":"#Exchange.ByteArrayType","Data":...}`
 * where Data is either a JSON array of byte values or a base64 string (both encodings are accepted,
 * since which one Exchange expects is not confirmed).
 */
export function decodeByteArray(name: string, value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(name, 'Expected an object {"@odata.type":"#Exchange.ByteArrayType","Data":[...]}.');
  }
  const data = (value as { Data?: unknown }).Data;
  if (typeof data === 'string') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s+/g, ''))) {
      throw invalidArgument(name, 'Data is neither a byte array nor a base64 string.');
    }
    return Buffer.from(data, 'base64');
  }
  if (Array.isArray(data) && data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return Buffer.from(data as number[]);
  }
  throw invalidArgument(name, 'Data must be an array of byte values (0-255) or a base64 string.');
}

/** Splits CSV text into rows of fields (quoted fields, doubled quotes, CRLF or LF). Blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}
