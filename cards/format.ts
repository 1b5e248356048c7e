/**
 * Deterministic text formatting for cards: no locale, no time zone other than UTC, no clock.
 */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Formats a byte count with binary multiples (1 KB = 1024 bytes, 1 GB = 1024³ bytes), the way Exchange
 * Online reports mailbox and transfer sizes. One decimal below 100 (dropped when it is .0), none above:
 * `formatBytes(13_207_024_435)` is "12.3 GB", `formatBytes(40 * 1024 ** 3)` is "40 GB".
 */
export function formatBytes(bytes: number): string {
  const n = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (n < 1024) return `${Math.round(n)} B`;
  let unit = 0;
  let value = n;
  while (unit < BYTE_UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  let rounded = value < 100 ? Math.round(value * 10) / 10 : Math.round(value);
  if (rounded >= 1024 && unit < BYTE_UNITS.length - 1) {
    unit += 1;
    rounded = Math.round((rounded / 1024) * 10) / 10;
  }
  return `${String(rounded)} ${BYTE_UNITS[unit]}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Formats an ISO-8601 instant as "2026-11-22 18:00 UTC". A string that is not a date is returned as it is,
 * so a card never fails over a bad timestamp.
 */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/** Formats a whole number with comma thousands separators: 12345 is "12,345". */
export function formatCount(n: number): string {
  const whole = Number.isFinite(n) ? Math.round(n) : 0;
  const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return whole < 0 ? `-${digits}` : digits;
}

/** Clamps a percentage to 0..100 (non-numbers count as 0). */
export function clampPercent(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
}

/** Formats progress as a whole percentage, rounded down so that "100%" means done: 99.7 is "99%". */
export function formatPercent(percent: number): string {
  return `${Math.floor(clampPercent(percent))}%`;
}

/** "1 user", "2,000 users". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** Shortens text to at most `max` characters, ending with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
