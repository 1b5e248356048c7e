import type { TappedCall } from './exchange-tap';

/** One instance's work on one batch with Exchange: from a Get-MigrationBatch to the last call before its next one. */
export interface SyncWindow {
  instance: string;
  batch: string;
  from: number;
  to: number;
  calls: number;
}

/**
 * Splits the tapped calls into windows per instance and batch. Every sync (and every intent) starts with
 * Get-MigrationBatch; the calls that follow it from the same instance, up to its next Get-MigrationBatch,
 * belong to the same unit of work.
 */
export function syncWindows(calls: readonly TappedCall[]): SyncWindow[] {
  const groups = new Map<string, TappedCall[]>();
  for (const call of calls) {
    if (!call.batch) continue;
    const key = `${call.instance}\u0000${call.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  const windows: SyncWindow[] = [];
  for (const group of groups.values()) {
    let current: SyncWindow | undefined;
    for (const call of [...group].sort((x, y) => x.startedAt - y.startedAt)) {
      if (!current || call.cmdlet === 'Get-MigrationBatch') {
        current = {
          instance: call.instance,
          batch: call.batch!,
          from: call.startedAt,
          to: call.endedAt,
          calls: 0,
        };
        windows.push(current);
      }
      current.to = Math.max(current.to, call.endedAt);
      current.calls++;
    }
  }
  return windows.sort((x, y) => x.from - y.from);
}

/** Pairs of windows on the same batch from different instances that overlap in time. */
export function overlappingWindows(windows: readonly SyncWindow[]): [SyncWindow, SyncWindow][] {
  const overlaps: [SyncWindow, SyncWindow][] = [];
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const x = windows[i]!;
      const y = windows[j]!;
      if (y.from > x.to) continue;
      if (x.batch === y.batch && x.instance !== y.instance) overlaps.push([x, y]);
    }
  }
  return overlaps;
}
