import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../../../services/csv/csv-limits';
import { validateCsv } from '../../../services/csv/validate-csv';

const lines = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;

function errorsOf(result: ReturnType<typeof validateCsv>) {
  if (result.ok) throw new Error(`expected errors, got ${result.users.length} users`);
  return result.errors;
}

describe('validateCsv: reading the file', () => {
  it('drops a UTF-8 byte-order mark from text and from bytes without a word', () => {
    const text = `\uFEFF${lines('EmailAddress', 'ana@contoso.com')}`;
    for (const input of [text, Buffer.from(text, 'utf8')]) {
      expect(validateCsv(input, 'hybrid')).toStrictEqual({
        ok: true,
        users: [{ row: 2, email: 'ana@contoso.com' }],
        header: ['EmailAddress'],
        warnings: [],
      });
    }
  });

  it('decodes UTF-16 big-endian bytes with their byte-order mark', () => {
    const body = Buffer.from(lines('EmailAddress', 'zoe@contoso.com'), 'utf16le').swap16();
    const result = validateCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), body]), 'hybrid');
    expect(result).toMatchObject({ ok: true, users: [{ row: 2, email: 'zoe@contoso.com' }] });
  });

  it('refuses text holding NUL characters', () => {
    expect(errorsOf(validateCsv('EmailAddress\r\nana@contoso.com\u0000\r\n', 'hybrid'))).toStrictEqual([
      {
        row: 0,
        reason:
          'the file contains NUL characters (UTF-16 without a byte-order mark, or not a text file); save it as CSV UTF-8',
      },
    ]);
  });

  it('refuses a file over 512 KB by default, rounding its size up', () => {
    const big = `EmailAddress\r\n${'x'.repeat(MAX_CSV_BYTES)}`;
    expect(errorsOf(validateCsv(big, 'hybrid'))).toStrictEqual([
      { row: 0, reason: 'the file is 512.1 KB; a batch CSV may be at most 512 KB' },
    ]);
  });

  it('numbers rows by file line across CR-only breaks, blank lines and values spanning lines', () => {
    const text = 'EmailAddress,Note\r\r"ana@contoso.com","one\rtwo\rthree"\r \t \rbad@x,\r';
    expect(errorsOf(validateCsv(text, 'hybrid'))).toStrictEqual([
      { row: 7, column: 'EmailAddress', reason: '"bad@x" is not an email address' },
    ]);
  });

  it('trims spaces around values, quoted or not, and keeps commas inside quotes', () => {
    const text = lines('  EmailAddress , Note ', ' "ana@contoso.com" ,  "Lopez, Ana"  ');
    expect(validateCsv(text, 'cross-tenant')).toStrictEqual({
      ok: true,
      users: [{ row: 2, email: 'ana@contoso.com' }],
      header: ['EmailAddress', 'Note'],
      warnings: ['ignored column "Note": a cross-tenant batch reads EmailAddress only'],
    });
  });

  it('treats non-breaking spaces as white space around values and on blank lines', () => {
    const text = lines('EmailAddress', '\u00a0ana@contoso.com\u00a0', '\u00a0 \u00a0', 'ben@contoso.com');
    expect(validateCsv(text, 'hybrid')).toMatchObject({
      ok: true,
      users: [
        { row: 2, email: 'ana@contoso.com' },
        { row: 4, email: 'ben@contoso.com' },
      ],
    });
  });

  it('skips a line holding only an empty quoted value or only commas, and reads quoted addresses', () => {
    const text = lines('EmailAddress,Note', '""', '"ana@contoso.com",x', ',,', ' , ', 'ben@contoso.com,y');
    expect(validateCsv(text, 'hybrid')).toMatchObject({
      ok: true,
      users: [
        { row: 3, email: 'ana@contoso.com' },
        { row: 6, email: 'ben@contoso.com' },
      ],
    });
  });

  it('accepts the header in any case and the staged columns in any order', () => {
    const text = lines('forcechangepassword,EMAILADDRESS,password', 'TRUE,Ana@Contoso.com,Spring-2026!');
    expect(validateCsv(text, 'staged')).toStrictEqual({
      ok: true,
      users: [{ row: 2, email: 'ana@contoso.com', hasPassword: true, forceChangePassword: true }],
      header: ['forcechangepassword', 'EMAILADDRESS', 'password'],
      warnings: [],
    });
  });
});

describe('validateCsv: reporting', () => {
  it('reports every bad row, sorted by row, capped at 50 with a closing count', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `user${i}-at-contoso.com`);
    const errors = errorsOf(validateCsv(lines('EmailAddress', ...rows), 'hybrid'));
    expect(errors).toHaveLength(51);
    expect(errors.slice(0, 50).map((e) => e.row)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(errors[0]).toStrictEqual({
      row: 2,
      column: 'EmailAddress',
      reason: '"user0-at-contoso.com" is not an email address',
    });
    expect(errors[50]).toStrictEqual({ row: 52, reason: '…and 10 more problems' });
  });

  it('says "1 more problem" for a single one past the cap', () => {
    const rows = Array.from({ length: 51 }, () => 'nobody');
    const errors = errorsOf(validateCsv(lines('EmailAddress', ...rows), 'hybrid'));
    expect(errors.at(-1)).toStrictEqual({ row: 52, reason: '…and 1 more problem' });
  });

  it('shows the row limit and the split offer first, then header and row problems by row', () => {
    const users = Array.from({ length: 1001 }, (_, i) => `user${i}@contoso.com,Pass-${i}-word,True,`);
    users[2] = 'user2@contoso.com,Pass-2-word,Maybe,';
    const result = validateCsv(lines('EmailAddress,Password,ForceChangePassword,Notes', ...users), 'staged');
    expect(errorsOf(result).map((e) => e.row)).toEqual([1002, 1, 4]);
    expect(result).toMatchObject({ split: { rows: 1001, limit: 1000, batches: 2 } });
  });

  it('gives one problem per cell: a repeated address is reported as a repeat', () => {
    const text = lines('EmailAddress', 'ana@fabrikam.com', 'ANA@fabrikam.com');
    expect(errorsOf(validateCsv(text, 'cross-tenant', { targetDomains: ['contoso.com'] }))).toStrictEqual([
      {
        row: 2,
        column: 'EmailAddress',
        reason: 'ana@fabrikam.com is not in a domain of the target tenant (contoso.com)',
      },
      { row: 3, column: 'EmailAddress', reason: 'ana@fabrikam.com is already on row 2' },
    ]);
  });

  it('treats an empty list of target domains as no rule', () => {
    expect(
      validateCsv(lines('EmailAddress', 'ana@fabrikam.com'), 'cross-tenant', { targetDomains: [] }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('checks the target domains in hybrid and mapping files too, ignoring case', () => {
    const options = { targetDomains: ['Contoso.com'] };
    expect(validateCsv(lines('EmailAddress', 'Ana@CONTOSO.com'), 'hybrid', options)).toMatchObject({
      ok: true,
    });
    const mapping = lines('SourceEmail,TargetEmail', 'ana@fabrikam.com,ana@contoso.com');
    expect(validateCsv(mapping, 'hosted', options)).toMatchObject({ ok: true });
  });
});

const SAME_ADDRESS =
  'is both the source and the target of this row; map it to a mailbox in the target tenant (its initial domain, as the domain can be in one tenant only)';

describe('validateCsv: mappings', () => {
  it('refuses a third-party row mapping a mailbox to itself, in any case, naming the row', () => {
    const text = lines(
      'SourceEmail,TargetEmail',
      'ana@contoso.com,ben@contoso.onmicrosoft.com',
      'ana@contoso.com,ANA@contoso.com',
    );
    expect(errorsOf(validateCsv(text, 'third-party'))).toStrictEqual([
      {
        row: 3,
        column: 'TargetEmail',
        reason: `ana@contoso.com ${SAME_ADDRESS}`,
      },
      { row: 3, column: 'SourceEmail', reason: 'ana@contoso.com is already on row 2' },
    ]);
  });

  it('lets a hosted row keep its address on both sides (the domain moves between hosters)', () => {
    const text = lines(
      'SourceEmail,TargetEmail',
      'ana@contoso.com,ANA@contoso.com',
      'ben@contoso.com,ben@contoso.com',
    );
    expect(validateCsv(text, 'hosted')).toMatchObject({ ok: true });
  });

  it('advises several passes above 500 third-party mailboxes, and not for hosted', () => {
    const rows = Array.from({ length: 501 }, (_, i) => `u${i}@fabrikam.com,u${i}@contoso.onmicrosoft.com`);
    const text = lines('SourceEmail,TargetEmail', ...rows);
    expect(validateCsv(text, 'third-party')).toMatchObject({
      ok: true,
      warnings: ['501 mailboxes: above 500, run a pre-stage pass first and a delta pass at cutover'],
    });
    expect(validateCsv(text, 'hosted')).toMatchObject({ ok: true, warnings: [] });
  });

  it('recognises an initial domain written in capitals', () => {
    const text = lines('Source,Target', 'ana@fabrikam.com,Ana@Contoso.OnMicrosoft.COM');
    expect(validateCsv(text, 'third-party')).toMatchObject({
      ok: true,
      users: [{ row: 2, targetEmail: 'ana@contoso.onmicrosoft.com' }],
      warnings: [],
    });
  });

  it('does not count a routing domain such as contoso.mail.onmicrosoft.com as initial', () => {
    const text = lines('Source,Target', 'ana@fabrikam.com,ana@contoso.mail.onmicrosoft.com');
    const result = validateCsv(text, 'third-party');
    expect(result.ok && result.warnings[0]).toMatch(/^1 of 1 target addresses are not in an initial/);
  });
});
