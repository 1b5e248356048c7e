import { describe, expect, it } from 'vitest';
import { InvalidCsvError } from '../../../services/csv/invalid-csv-error';
import { parseBatchCsv } from '../../../services/csv/parse-batch-csv';
import { stagedCsvForExchange } from '../../../services/csv/staged-csv-for-exchange';
import { validateCsv } from '../../../services/csv/validate-csv';

/** Passwords no error, warning or result may ever show, not even in part. */
const SECRETS = ['Zebra-Horse-1337', 'Pa55,Quoted!', 'Tiny7!', 'Moon"Rise"42', 'Lucky-Cat-2026'];

const lines = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;

/** Staged files that are wrong in every way a password can end up somewhere it should not. */
const BROKEN: Record<string, string> = {
  'password in the address column': lines('EmailAddress,Password', 'Zebra-Horse-1337,ana@contoso.com'),
  'password in the ForceChangePassword column': lines(
    'EmailAddress,ForceChangePassword,Password',
    'ana@contoso.com,Zebra-Horse-1337,True',
  ),
  'no header row, first address invalid': lines(
    'ana@contoso,Zebra-Horse-1337,False',
    'ben@contoso.com,Tiny7!,True',
  ),
  'no header row, first address valid': lines('ana@contoso.com,Zebra-Horse-1337,False'),
  'too short a password': lines('EmailAddress,Password', 'ana@contoso.com,Tiny7!'),
  'a quote inside an unquoted password': lines('EmailAddress,Password', 'ana@contoso.com,Moon"Rise"42'),
  'a password quoted badly': lines('EmailAddress,Password', 'ana@contoso.com,"Pa55,Quoted!"x'),
  'a password never closing its quote': lines('EmailAddress,Password', 'ana@contoso.com,"Pa55,Quoted!'),
  'a password in an extra column': lines('EmailAddress', 'ana@contoso.com,Lucky-Cat-2026'),
  semicolons: lines('EmailAddress;Password', 'ana@contoso.com;Zebra-Horse-1337'),
  'unknown column next to passwords': lines(
    'EmailAddress,Password,Secret',
    'ana@contoso.com,Zebra-Horse-1337,x',
  ),
};

function expectNoSecret(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    // Not even the part a truncated message would keep.
    expect(text).not.toContain(secret.slice(0, 6));
  }
}

describe('passwords in staged files', () => {
  it.each(Object.entries(BROKEN))('never appear in the errors: %s', (_, text) => {
    const result = validateCsv(text, 'staged');
    expect(result.ok).toBe(false);
    expectNoSecret(result);
    expectNoSecret(parseBatchCsv(text, 'staged'));
  });

  it('never appear in a valid result: only whether a row has one', () => {
    const text = lines(
      'EmailAddress,Password,ForceChangePassword',
      'ana@contoso.com,Zebra-Horse-1337,True',
      'ben@contoso.com,"Pa55,Quoted!",False',
      'cy@contoso.com,"Moon""Rise""42",False',
    );
    const result = validateCsv(text, 'staged');
    expect(result).toStrictEqual({
      ok: true,
      users: [
        { row: 2, email: 'ana@contoso.com', hasPassword: true, forceChangePassword: true },
        { row: 3, email: 'ben@contoso.com', hasPassword: true, forceChangePassword: false },
        { row: 4, email: 'cy@contoso.com', hasPassword: true, forceChangePassword: false },
      ],
      header: ['EmailAddress', 'Password', 'ForceChangePassword'],
      warnings: [],
    });
    expectNoSecret(result);
  });

  it('cannot leak through a bad address either: staged files never quote a cell back', () => {
    const text = lines('EmailAddress', '"ana@contoso.com,Zebra-Horse-1337"');
    expect(validateCsv(text, 'staged')).toStrictEqual({
      ok: false,
      errors: [{ row: 2, column: 'EmailAddress', reason: 'the EmailAddress value is not an email address' }],
    });
    expect(validateCsv(lines('EmailAddress', 'not-an-address'), 'cross-tenant')).toMatchObject({
      errors: [{ reason: '"not-an-address" is not an email address' }],
    });
  });

  it('never appear in the error stagedCsvForExchange throws', () => {
    for (const text of Object.values(BROKEN)) {
      let thrown: unknown;
      try {
        stagedCsvForExchange(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidCsvError);
      const error = thrown as InvalidCsvError;
      expect(error.code).toBe('invalid_csv');
      expectNoSecret({ message: error.message, errors: error.errors, stack: error.stack });
    }
  });
});
