/** Value formats of Exchange's JSON output. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A ByteQuantifiedSize as Exchange prints it: the largest binary unit, up to three decimals, then the
 * exact byte count with thousands separators, e.g. `1.234 GB (1,325,000,000 bytes)`.
 */
export function formatByteSize(bytes: number): string {
  const whole = Math.max(0, Math.round(bytes));
  let unit = 0;
  let value = whole;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(whole) : String(Math.round(value * 1000) / 1000);
  return `${shown} ${UNITS[unit]} (${whole.toLocaleString('en-US')} bytes)`;
}

/** A UTC DateTime with seven fractional digits, as .NET round-trips it: `2025-03-03T09:00:00.1230000Z`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** Parses a DateTime parameter; a value without a zone is UTC. Returns null when it is not a date. */
export function parseDateTime(value: string): number | null {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const ms = Date.parse(hasZone ? value : `${value.trim()}Z`);
  return Number.isNaN(ms) ? null : ms;
}
