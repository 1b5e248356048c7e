import { describe, expect, it } from 'vitest';
import { InvalidCsvError } from '../../../services/csv/invalid-csv-error';
import { stagedCsvForExchange } from '../../../services/csv/staged-csv-for-exchange';
import { validateCsv } from '../../../services/csv/validate-csv';

const lines = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;

describe('stagedCsvForExchange', () => {
  it('writes the canonical header and every row, passwords as given and quoted where needed', () => {
    const upload = `\uFEFF${lines(
      'forcechangepassword,password,EMAILADDRESS',
      'true,Spring-2026!,Ana@Contoso.com',
      '',
      ' FALSE , "Pa55,with ""quotes""" , ben@contoso.com ',
    )}`;
    expect(stagedCsvForExchange(Buffer.from(upload, 'utf8'))).toBe(
      lines(
        'EmailAddress,Password,ForceChangePassword',
        'Ana@Contoso.com,Spring-2026!,True',
        'ben@contoso.com,"Pa55,with ""quotes""",False',
      ),
    );
  });

  it('keeps only the columns the file has', () => {
    expect(stagedCsvForExchange(lines('EmailAddress', 'ana@contoso.com'))).toBe(
      lines('EmailAddress', 'ana@contoso.com'),
    );
    expect(stagedCsvForExchange(lines('ForceChangePassword,EmailAddress', 'False,ana@contoso.com'))).toBe(
      lines('EmailAddress,ForceChangePassword', 'ana@contoso.com,False'),
    );
  });

  it('gives a CSV that validates to the same users', () => {
    const upload = lines(
      'Password,EmailAddress',
      'Spring-2026!,ana@contoso.com',
      'Summer-2026!,ben@contoso.com',
    );
    const sent = stagedCsvForExchange(upload);
    const before = validateCsv(upload, 'staged');
    const after = validateCsv(sent, 'staged');
    expect(before.ok && after.ok && after.users).toEqual(before.ok && before.users);
  });

  it('throws InvalidCsvError with the row errors for a file that is not valid', () => {
    const upload = lines(
      'EmailAddress,Password',
      'ana@contoso.com,Spring-2026!',
      'ana@contoso.com,Summer-2026!',
    );
    expect(() => stagedCsvForExchange(upload)).toThrow(InvalidCsvError);
    try {
      stagedCsvForExchange(upload);
    } catch (error) {
      expect((error as InvalidCsvError).errors).toStrictEqual([
        { row: 3, column: 'EmailAddress', reason: 'ana@contoso.com is already on row 2' },
      ]);
      expect((error as Error).message).toBe(
        'the CSV has a problem; row 3: ana@contoso.com is already on row 2',
      );
    }
  });

  it('refuses a file over 1,000 rows: it must be split first', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `u${i}@contoso.com,Pass-${i}-word`);
    expect(() => stagedCsvForExchange(lines('EmailAddress,Password', ...rows))).toThrow(
      /split it into 2 batches of at most 1,000 users each/,
    );
  });
});
