import type { HistorySample } from '../model/history';

/** A point of the progress line: when, and the batch's percent then. */
export interface ProgressPoint {
  at: string;
  percent: number;
}

/** Movement in one UTC hour: bytes when every sample of the batch reports them, else mailboxes. */
export interface HourlyMove {
  /** The hour's start (ISO-8601, UTC). */
  hour: string;
  amount: number;
}

export interface HourlyMoves {
  /** `bytes` when the engine reported bytes for every sample, else `mailboxes` (progress units). */
  unit: 'bytes' | 'mailboxes';
  hours: HourlyMove[];
}

/** At most this many points on a line; the history is thinned evenly, first and last kept. */
export const MAX_LINE_POINTS = 24;
/** At most this many hourly bars: the most recent hours. */
export const MAX_HOURLY_BARS = 24;

export function progressLine(samples: readonly HistorySample[], max = MAX_LINE_POINTS): ProgressPoint[] {
  const points = samples.map((s) => ({ at: s.at, percent: s.percent }));
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

const HOUR_MS = 3_600_000;

/**
 * How much moved in each UTC hour from the first sample to the last: the growth of the batch's bytes
 * (or of its progress units: a completed mailbox is one) between the last sample before the hour and
 * the last sample in it. Hours without a sample count zero; shrinking (a retry restarting) counts zero.
 */
export function hourlyMoves(
  samples: readonly HistorySample[],
  max = MAX_HOURLY_BARS,
  unit: HourlyMoves['unit'] = unitOf(samples),
): HourlyMoves {
  const amountOf = (s: HistorySample) => (unit === 'bytes' ? (s.bytes ?? 0) : s.done);
  if (samples.length === 0) return { unit, hours: [] };
  const first = Math.floor(Date.parse(samples[0]!.at) / HOUR_MS);
  const last = Math.floor(Date.parse(samples[samples.length - 1]!.at) / HOUR_MS);
  const from = Math.max(first, last - max + 1);
  const hours: HourlyMove[] = [];
  let i = 0;
  let before = 0;
  for (; i < samples.length && Math.floor(Date.parse(samples[i]!.at) / HOUR_MS) < from; i++)
    before = amountOf(samples[i]!);
  for (let hour = from; hour <= last; hour++) {
    let end = before;
    for (; i < samples.length && Math.floor(Date.parse(samples[i]!.at) / HOUR_MS) === hour; i++)
      end = amountOf(samples[i]!);
    hours.push({ hour: new Date(hour * HOUR_MS).toISOString(), amount: Math.max(0, round2(end - before)) });
    before = end;
  }
  return { unit, hours };
}

/** Bytes when every sample reports them, else mailboxes. */
export function unitOf(samples: readonly HistorySample[]): HourlyMoves['unit'] {
  return samples.length > 0 && samples.every((s) => s.bytes !== undefined) ? 'bytes' : 'mailboxes';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Adds hourly moves of several batches (each counted in `unit`) hour by hour: a tenant's report. */
export function sumHourly(
  all: readonly HourlyMoves[],
  unit: HourlyMoves['unit'],
  max = MAX_HOURLY_BARS,
): HourlyMoves {
  const totals = new Map<string, number>();
  for (const moves of all) {
    for (const h of moves.hours) totals.set(h.hour, round2((totals.get(h.hour) ?? 0) + h.amount));
  }
  const hours = [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-max)
    .map(([hour, amount]) => ({ hour, amount }));
  return { unit, hours };
}
