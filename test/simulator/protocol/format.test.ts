import { describe, expect, it } from 'vitest';
import { formatByteSize, formatDateTime, parseDateTime } from '../../../simulator/protocol/format';

describe('Exchange value formats', () => {
  it('prints byte sizes in the largest binary unit with the exact count', () => {
    expect(formatByteSize(1_325_000_000)).toBe('1.234 GB (1,325,000,000 bytes)');
    expect(formatByteSize(106_300_440_576)).toBe('99 GB (106,300,440,576 bytes)');
    expect(formatByteSize(4608)).toBe('4.5 KB (4,608 bytes)');
    expect(formatByteSize(512)).toBe('512 B (512 bytes)');
    expect(formatByteSize(0)).toBe('0 B (0 bytes)');
  });

  it('prints UTC dates with seven fractional digits and reads dates without a zone as UTC', () => {
    const ms = Date.parse('2025-03-03T09:00:00.123Z');
    expect(formatDateTime(ms)).toBe('2025-03-03T09:00:00.1230000Z');
    expect(parseDateTime('2025-03-03T09:00:00')).toBe(Date.parse('2025-03-03T09:00:00Z'));
    expect(parseDateTime('2025-03-03T10:00:00+01:00')).toBe(Date.parse('2025-03-03T09:00:00Z'));
    expect(parseDateTime('next tuesday')).toBeNull();
  });
});
