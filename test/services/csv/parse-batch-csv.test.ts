import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, MAX_USERS, batchCsv, parseBatchCsv } from '../../../services/csv/parse-batch-csv';

const lines = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;

describe('parseBatchCsv', () => {
  it('keeps its limits', () => {
    expect(MAX_USERS).toEqual({
      'cross-tenant': 2000,
      hybrid: 2000,
      staged: 1000,
      'third-party': 2000,
      hosted: 2000,
    });
    expect(MAX_CSV_BYTES).toBe(512 * 1024);
  });

  it('returns the lower-cased addresses and the header of a valid file', () => {
    expect(parseBatchCsv('EmailAddress\nAna@Contoso.com\nben@contoso.com', 'cross-tenant')).toStrictEqual({
      ok: true,
      emails: ['ana@contoso.com', 'ben@contoso.com'],
      header: ['EmailAddress'],
    });
  });

  it('returns the target addresses of a mapping', () => {
    const text = lines('SourceEmail,TargetEmail', 'ana@fabrikam.com,ana@contoso.onmicrosoft.com');
    expect(parseBatchCsv(text, 'third-party')).toStrictEqual({
      ok: true,
      emails: ['ana@contoso.onmicrosoft.com'],
      header: ['SourceEmail', 'TargetEmail'],
      mapping: [{ source: 'ana@fabrikam.com', target: 'ana@contoso.onmicrosoft.com' }],
    });
  });

  it('returns the staged addresses without the passwords', () => {
    const text = lines('EmailAddress,Password,ForceChangePassword', 'ana@contoso.com,Spring-2026!,False');
    expect(parseBatchCsv(text, 'staged')).toStrictEqual({
      ok: true,
      emails: ['ana@contoso.com'],
      header: ['EmailAddress', 'Password', 'ForceChangePassword'],
    });
  });

  it('reports row errors in the shape the workflow renders', () => {
    expect(parseBatchCsv('EmailAddress\nnot-an-address', 'cross-tenant')).toStrictEqual({
      ok: false,
      errors: [{ row: 2, column: 'EmailAddress', reason: '"not-an-address" is not an email address' }],
    });
  });

  it('reports a file over the limit with tooManyRows', () => {
    const rows = Array.from({ length: 2001 }, (_, i) => `u${i}@contoso.com`);
    const result = parseBatchCsv(lines('EmailAddress', ...rows), 'hybrid');
    expect(result).toMatchObject({ ok: false, tooManyRows: { rows: 2001, limit: 2000 } });
    expect(!result.ok && result.errors).toHaveLength(1);
  });
});

describe('batchCsv', () => {
  it('writes the header and one address per line', () => {
    expect(batchCsv(['ana@contoso.com', 'ben@contoso.com'])).toBe(
      'EmailAddress\r\nana@contoso.com\r\nben@contoso.com\r\n',
    );
  });
});
