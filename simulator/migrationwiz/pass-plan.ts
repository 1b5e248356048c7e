import type { MwzConnector, MwzItem, MwzPass, PassPlan, PerType } from './mwz-schema';
import { zeroPerType } from './mwz-schema';
import { DATA_TYPES, type DataType, type MwzSourceMailbox, type MwzWorkgroup } from './mwz-world';
import {
  DAY_MS,
  FAILURE_MS,
  HISTORY_DAYS,
  HOUR_MS,
  OVERHEAD_MS,
  rateBytesPerHour,
  VERIFICATION_MS,
} from './pass-timing';

export const BAD_CREDENTIALS_TEXT =
  'Your migration failed checking source credentials. The remote server returned an error: (401) Unauthorized.';
export const ITEM_TOO_LARGE_TEXT = 'The item exceeds the maximum size allowed by the destination';
/** The seeded item errors of an "item-errors" mailbox: calendar items too large for the destination. */
export const SEEDED_ERRORS: { type: DataType; subject: string; sizeBytes: number }[] = [
  { type: 'Calendar', subject: 'Quarterly business review (recording attached)', sizeBytes: 41_943_040 },
  { type: 'Calendar', subject: 'All-hands offsite - venue plans and photos', sizeBytes: 47_185_920 },
  { type: 'Calendar', subject: 'Product launch rehearsal', sizeBytes: 38_797_312 },
];
/** A trial pass moves at most this many items of each type. */
const TRIAL_ITEMS = 10;

export interface PlannedPass {
  plan: PassPlan;
  /** Simulated duration of Processing. */
  durationMs: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Why the pass cannot connect, or null. */
function connectionFailure(
  item: MwzItem,
  source: MwzSourceMailbox | undefined,
  workgroup: MwzWorkgroup,
  connector: MwzConnector,
): string | null {
  const exportUrl = connector.exportSide.url;
  if (workgroup.sourceUrl && exportUrl && exportUrl.toLowerCase() !== workgroup.sourceUrl.toLowerCase()) {
    return `Your migration failed checking source credentials. The remote name could not be resolved: '${hostOf(exportUrl)}'.`;
  }
  const importUrl = connector.importSide.url;
  if (workgroup.targetUrl && importUrl && importUrl.toLowerCase() !== workgroup.targetUrl.toLowerCase()) {
    return `Your migration failed checking destination credentials. The remote name could not be resolved: '${hostOf(importUrl)}'.`;
  }
  if (!source) return `Mailbox '${item.exportEmailAddress}' could not be found on the source.`;
  if (!workgroup.targets.has(item.importEmailAddress.toLowerCase())) {
    return `Mailbox '${item.importEmailAddress}' could not be found on the destination.`;
  }
  if (source.defect === 'bad-source-credentials') return BAD_CREDENTIALS_TEXT;
  return null;
}

/** Share of a mailbox's items created before `date` (ages spread evenly over HISTORY_DAYS). */
function olderShare(date: number | null, now: number): number {
  if (date === null) return 1;
  const ageDays = (now - date) / DAY_MS;
  return Math.min(1, Math.max(0, 1 - ageDays / HISTORY_DAYS));
}

function selectedTypes(pass: MwzPass): DataType[] {
  if (pass.itemTypes.length === 0) return [...DATA_TYPES];
  return DATA_TYPES.filter((t) => pass.itemTypes.includes(t));
}

function bytesOf(perType: PerType): number {
  return DATA_TYPES.reduce((sum, t) => sum + perType[t].sizeBytes, 0);
}

/** What a pass moves and how long it runs, decided when it starts Processing. */
export function planPass(
  pass: MwzPass,
  item: MwzItem,
  source: MwzSourceMailbox | undefined,
  workgroup: MwzWorkgroup,
  connector: MwzConnector,
  now: number,
): PlannedPass {
  const moves = zeroPerType();
  const errors = zeroPerType();
  const failureMessage = connectionFailure(item, source, workgroup, connector);
  if (failureMessage || !source) {
    return { plan: { moves, errors, repairs: false, failureMessage }, durationMs: FAILURE_MS };
  }
  if (pass.type === 'Verification') {
    return { plan: { moves, errors, repairs: false, failureMessage: null }, durationMs: VERIFICATION_MS };
  }
  if (pass.type === 'Repair') {
    for (const t of DATA_TYPES) moves[t] = { ...item.failed[t] };
  } else {
    for (const t of selectedTypes(pass)) {
      const volume = source.volumes[t];
      const done = item.moved[t].count + item.failed[t].count;
      const inWindow =
        Math.round(volume.count * olderShare(pass.itemEndDate, now)) -
        Math.round(volume.count * (pass.itemStartDate === null ? 0 : olderShare(pass.itemStartDate, now)));
      let count = Math.max(0, inWindow - done);
      if (pass.type === 'Trial') count = Math.min(count, TRIAL_ITEMS);
      moves[t] = { count, sizeBytes: Math.round((count * volume.sizeBytes) / volume.count) };
    }
    if (pass.type === 'Full' && source.defect === 'item-errors' && !item.seededErrorsDone) {
      for (const e of SEEDED_ERRORS) {
        if (moves[e.type].count === 0) continue;
        moves[e.type].count -= 1;
        errors[e.type].count += 1;
        errors[e.type].sizeBytes += e.sizeBytes;
      }
    }
  }
  const bytes = bytesOf(moves) + bytesOf(errors);
  const durationMs = OVERHEAD_MS + Math.round((bytes / rateBytesPerHour(item.exportEmailAddress)) * HOUR_MS);
  return { plan: { moves, errors, repairs: pass.type === 'Repair', failureMessage: null }, durationMs };
}
