import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InvalidCsvError } from '../../../services/csv/invalid-csv-error';
import { splitCsv } from '../../../services/csv/split-csv';
import { stagedCsvForExchange } from '../../../services/csv/staged-csv-for-exchange';
import { validateCsv } from '../../../services/csv/validate-csv';

const lines = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;

function stagedFile(count: number): string {
  const rows = Array.from(
    { length: count },
    (_, i) => `user${i}@contoso.com,"Pass,${i}-word",${i % 2 ? 'True' : 'False'}`,
  );
  return lines('EmailAddress,Password,ForceChangePassword', ...rows);
}

describe('over the row limit', () => {
  it('offers to split the file into batches of at most the limit', () => {
    const result = validateCsv(stagedFile(2345), 'staged');
    expect(result).toStrictEqual({
      ok: false,
      errors: [
        {
          row: 1002,
          reason:
            'this file has 2,345 users and a staged batch holds at most 1,000: split it into 3 batches of at most 1,000 users each',
        },
      ],
      split: { rows: 2345, limit: 1000, batches: 3 },
    });
  });

  it('counts users, not blank lines, and points at the first line over the limit', () => {
    const rows = Array.from({ length: 2001 }, (_, i) => `u${i}@contoso.com`);
    rows.splice(1000, 0, '', '  ');
    const result = validateCsv(lines('EmailAddress', ...rows), 'hybrid');
    expect(result).toMatchObject({ ok: false, split: { rows: 2001, limit: 2000, batches: 2 } });
    expect(!result.ok && result.errors[0]!.row).toBe(2004);
  });

  it('accepts exactly the limit', () => {
    expect(validateCsv(stagedFile(1000), 'staged')).toMatchObject({ ok: true });
  });
});

describe('splitCsv', () => {
  it('cuts a file into chunks of at most the limit, each with the header, in order', () => {
    const chunks = splitCsv(stagedFile(2345), 1000);
    expect(chunks).toHaveLength(3);
    const records = chunks.map((chunk) => parse(chunk) as string[][]);
    for (const chunk of records)
      expect(chunk[0]).toEqual(['EmailAddress', 'Password', 'ForceChangePassword']);
    expect(records.map((chunk) => chunk.length - 1)).toEqual([1000, 1000, 345]);
    expect(records[1]![1]).toEqual(['user1000@contoso.com', 'Pass,1000-word', 'False']);
    expect(records[2]!.at(-1)).toEqual(['user2344@contoso.com', 'Pass,2344-word', 'False']);
  });

  it('gives chunks that each validate, together holding every user of the file', () => {
    const chunks = splitCsv(stagedFile(2345), 1000);
    const emails = chunks.flatMap((chunk) => {
      const result = validateCsv(chunk, 'staged');
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.users.map((u) => u.email);
    });
    expect(emails).toEqual(Array.from({ length: 2345 }, (_, i) => `user${i}@contoso.com`));
  });

  it('keeps passwords as written, so each chunk can go to Exchange', () => {
    const [first] = splitCsv(stagedFile(3), 2);
    expect(stagedCsvForExchange(first!)).toBe(
      lines(
        'EmailAddress,Password,ForceChangePassword',
        'user0@contoso.com,"Pass,0-word",False',
        'user1@contoso.com,"Pass,1-word",True',
      ),
    );
  });

  it('drops blank lines, trims values and reads UTF-16 bytes', () => {
    const text = lines(' EmailAddress ', '', ' ana@contoso.com ', '   ', 'ben@contoso.com', 'cy@contoso.com');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(splitCsv(bytes, 2)).toEqual([
      lines('EmailAddress', 'ana@contoso.com', 'ben@contoso.com'),
      lines('EmailAddress', 'cy@contoso.com'),
    ]);
  });

  it('refuses a limit below 1 and text it cannot read', () => {
    expect(() => splitCsv(stagedFile(3), 0)).toThrow(RangeError);
    expect(() => splitCsv(stagedFile(3), 1.5)).toThrow(RangeError);
    expect(() => splitCsv('EmailAddress\r\n"open', 10)).toThrow(InvalidCsvError);
  });
});
