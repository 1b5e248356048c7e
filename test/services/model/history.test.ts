import { describe, expect, it } from 'vitest';
import {
  appendSample,
  groupCounts,
  type HistorySample,
  MAX_HISTORY_SAMPLES,
  userGroupOf,
} from '../../../services/model/history';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const sample = (minute: number, done: number): HistorySample => ({
  at: at(minute),
  users: { waiting: 0, syncing: 10 - done, ready: done, completed: 0, failed: 0 },
  percent: done * 10,
  done,
});

describe('batch history', () => {
  it('groups Exchange user statuses into the report groups', () => {
    expect(userGroupOf('Queued')).toBe('waiting');
    expect(userGroupOf('Syncing')).toBe('syncing');
    expect(userGroupOf('Synced')).toBe('ready');
    expect(userGroupOf('CompletedWithWarnings')).toBe('completed');
    expect(userGroupOf('IncrementalFailed')).toBe('failed');
    expect(groupCounts({ Syncing: 2, Synced: 3, Failed: 1, Completed: 4 })).toEqual({
      waiting: 0,
      syncing: 2,
      ready: 3,
      completed: 4,
      failed: 1,
    });
  });

  it('adds a sample only when it says something new', () => {
    const one = appendSample([], sample(0, 1));
    expect(one).toHaveLength(1);
    expect(appendSample(one, { ...sample(5, 1) })).toHaveLength(1);
    expect(appendSample(one, sample(5, 2))).toHaveLength(2);
  });

  it('stays bounded however long the batch runs, keeping the first and every recent sample', () => {
    let samples: HistorySample[] = [];
    for (let i = 0; i < 5_000; i++) samples = appendSample(samples, sample(i, i));
    expect(samples.length).toBeLessThanOrEqual(MAX_HISTORY_SAMPLES);
    expect(samples.length).toBeGreaterThan(MAX_HISTORY_SAMPLES / 2);
    expect(samples[0]!.done).toBe(0);
    expect(samples.at(-1)!.done).toBe(4_999);
    // Oldest first, and the newest stretch is unthinned.
    const times = samples.map((s) => s.at);
    expect([...times].sort()).toEqual(times);
    const recent = samples.slice(-50).map((s) => s.done);
    expect(recent).toEqual(Array.from({ length: 50 }, (_, i) => 4_950 + i));
  });
});
