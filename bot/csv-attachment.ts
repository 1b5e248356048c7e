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
}

/** The first attached .csv file of a message, if any. */
export function csvAttachmentOf(activity: Partial<Activity>): CsvAttachment | undefined {
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    const raw = attachment.name ?? '';
    const isCsv = String(content?.fileType ?? '').toLowerCase() === 'csv' || /\.csv$/i.test(raw);
    // The name is the user's and is quoted in replies: kept short and display-safe.
    if (isCsv && typeof content?.downloadUrl === 'string')
      return { name: shortName(raw), downloadUrl: content.downloadUrl };
  }
  return undefined;
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
