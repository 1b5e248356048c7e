import { isUtf8 } from 'node:buffer';
import type { CsvRowError } from './csv-result';
import { formatSize } from './format-size';

export type DecodedCsv = { ok: true; text: string } | { ok: false; error: CsvRowError };

export const NOT_UTF8 = 'the file is not UTF-8; save it as CSV UTF-8';

/**
 * Turns an uploaded file into text: checks the size, drops a UTF-8 byte-order mark, decodes
 * UTF-16 (LE or BE, with its byte-order mark) and refuses bytes that are not UTF-8.
 */
export function decodeCsvInput(input: string | Buffer, maxBytes: number): DecodedCsv {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) {
    return fail(
      0,
      `the file is ${formatSize(size, true)}; a batch CSV may be at most ${formatSize(maxBytes)}`,
    );
  }
  const text = typeof input === 'string' ? stripBom(input) : decodeBytes(input);
  if (typeof text !== 'string') return { ok: false, error: text };
  if (text.includes('\u0000')) {
    return fail(
      0,
      'the file contains NUL characters (UTF-16 without a byte-order mark, or not a text file); save it as CSV UTF-8',
    );
  }
  return { ok: true, text };
}

function decodeBytes(bytes: Buffer): string | CsvRowError {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return evenLength(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(evenLength(bytes.subarray(2)));
    return swapped.swap16().toString('utf16le');
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Buffer): string | CsvRowError {
  if (isUtf8(bytes)) return stripBom(bytes.toString('utf8'));
  const lossy = bytes.toString('utf8');
  const bad = lossy.indexOf('\uFFFD');
  return { row: lineAt(lossy, bad), reason: NOT_UTF8 };
}

function evenLength(bytes: Buffer): Buffer {
  return bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function fail(row: number, reason: string): DecodedCsv {
  return { ok: false, error: { row, reason } };
}
