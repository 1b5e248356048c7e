import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatPercent, formatUtc, pluralize, truncateText } from '../../cards';

describe('formatBytes (binary multiples, as Exchange reports sizes)', () => {
  it.each([
    [0, '0 B'],
    [-5, '0 B'],
    [Number.NaN, '0 B'],
    [999, '999 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1024 ** 2 * 12.34, '12.3 MB'],
    [13_207_024_435, '12.3 GB'],
    [40 * 1024 ** 3, '40 GB'],
    [1.2 * 1024 ** 3, '1.2 GB'],
    [123.4 * 1024 ** 3, '123 GB'],
    [1023.7 * 1024 ** 2, '1 GB'],
    [2.5 * 1024 ** 4, '2.5 TB'],
    [3 * 1024 ** 6, '3072 PB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatUtc', () => {
  it('formats an instant in UTC whatever its offset', () => {
    expect(formatUtc('2026-11-22T18:00:00Z')).toBe('2026-11-22 18:00 UTC');
    expect(formatUtc('2026-11-22T19:30:59+01:00')).toBe('2026-11-22 18:30 UTC');
    expect(formatUtc('2026-01-02T03:04:05.678Z')).toBe('2026-01-02 03:04 UTC');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatUtc('soon')).toBe('soon');
  });
});

describe('formatCount, formatPercent, pluralize, truncateText', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(2000)).toBe('2,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-4321)).toBe('-4,321');
  });

  it('rounds percentages down and clamps them', () => {
    expect(formatPercent(37.9)).toBe('37%');
    expect(formatPercent(99.99)).toBe('99%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(140)).toBe('100%');
    expect(formatPercent(-3)).toBe('0%');
    expect(formatPercent(Number.NaN)).toBe('0%');
  });

  it('pluralizes with counts', () => {
    expect(pluralize(1, 'user')).toBe('1 user');
    expect(pluralize(2000, 'user')).toBe('2,000 users');
    expect(pluralize(0, 'batch', 'batches')).toBe('0 batches');
  });

  it('truncates with an ellipsis and keeps surrogate pairs whole', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdefghij', 5)).toBe('abcd…');
    expect(truncateText('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
