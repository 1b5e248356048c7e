import type { Activity } from 'botbuilder';
import { formatSize } from '../services/csv/format-size';
import { MAX_CSV_BYTES } from '../services/csv/parse-batch-csv';
import { displaySafeText } from '../services/text/display-safe';

/** How Teams hands a bot a file a user attached in a personal chat. */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const DOWNLOAD_TIMEOUT_MS = 15_000;

export interface CsvAttachment {
  name: string;
  downloadUrl: string;
  /** Set when the file is not a CSV (its type, e.g. "xlsx"): it is refused with that reason, not read. */
  notCsv?: string;
}

/**
 * The first attached CSV file of a message: a Teams file whose type or name says csv, or an attachment
 * whose content type is text/csv. Failing that, the first other file, marked `notCsv` so that it is
 * refused with the reason. Other attachments (the text/html copy of the message Teams adds) are not files.
 */
export function csvAttachmentOf(activity: Partial<Activity>): CsvAttachment | undefined {
  let other: CsvAttachment | undefined;
  for (const attachment of activity.attachments ?? []) {
    if (!attachment || typeof attachment !== 'object') continue;
    const raw = typeof attachment.name === 'string' ? attachment.name : '';
    if (attachment.contentType === 'text/csv' && typeof attachment.contentUrl === 'string')
      return { name: shortName(raw || 'the file'), downloadUrl: attachment.contentUrl };
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    if (typeof content?.downloadUrl !== 'string') continue;
    const fileType = typeof content.fileType === 'string' ? content.fileType.toLowerCase() : '';
    const isCsv = fileType === 'csv' || /\.csv$/i.test(raw);
    // The name is the user's and is quoted in replies: kept short and display-safe.
    if (isCsv) return { name: shortName(raw), downloadUrl: content.downloadUrl };
    other ??= {
      name: shortName(raw || 'the file'),
      downloadUrl: content.downloadUrl,
      notCsv: shortName(fileType || /\.([^.]{1,10})$/.exec(raw)?.[1]?.toLowerCase() || 'unknown'),
    };
  }
  return other;
}

function allowedUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    // Teams gives a short-lived pre-authenticated HTTPS link; plain HTTP only for a local test server.
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

/** Downloads the file (bytes as they are: the CSV intake finds the encoding), refusing big or odd ones. */
export async function downloadCsv(
  file: CsvAttachment,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; message: string }> {
  if (file.notCsv)
    return {
      ok: false,
      message: `${file.name} is not a CSV file (its type is ${file.notCsv}). Save it as CSV (comma-separated values) and attach it again, or paste the rows after the command.`,
    };
  if (!allowedUrl(file.downloadUrl))
    return { ok: false, message: `I cannot download ${file.name} from that address.` };
  let response: Response;
  try {
    response = await fetch(file.downloadUrl, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    return { ok: false, message: `Downloading ${file.name} failed; attach it again or paste the CSV.` };
  }
  if (!response.ok)
    return { ok: false, message: `Downloading ${file.name} failed (HTTP ${response.status}).` };
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_CSV_BYTES) return { ok: false, message: tooBig(file.name) };
  const bytes = await readAtMost(response, MAX_CSV_BYTES);
  if (!bytes) return { ok: false, message: tooBig(file.name) };
  return { ok: true, bytes };
}

/** The body, or undefined as soon as it passes `max` bytes (the rest is not downloaded). */
async function readAtMost(response: Response, max: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooBig = (name: string) =>
  `${name} is larger than ${formatSize(MAX_CSV_BYTES)}, the most a batch CSV may be; split it into batches of the allowed size.`;

function shortName(name: string): string {
  const safe = displaySafeText(name);
  return safe.length > 80 ? `${safe.slice(0, 79)}…` : safe;
}
