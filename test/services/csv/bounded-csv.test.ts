import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, MAX_USERS } from '../../../services/csv/csv-limits';
import { csvProblemLine, csvProblemsHeadline } from '../../../services/csv/csv-problem-text';
import { validateCsv } from '../../../services/csv/validate-csv';
import type { Scenario } from '../../../services/model/statuses';
import { BLOCKING_BUDGET_MS, blockingMs } from '../../support/blocking-time';

/** A file of `header` and rows made by `row`, as large as the byte limit allows. */
function largest(header: string, row: (i: number) => string, limit = MAX_CSV_BYTES): string {
  const lines = [header];
  let size = header.length + 1;
  for (let i = 0; ; i++) {
    const next = row(i);
    if (size + next.length + 1 > limit) break;
    lines.push(next);
    size += next.length + 1;
  }
  return lines.join('\n');
}

function errorsOf(result: ReturnType<typeof validateCsv>) {
  if (result.ok) throw new Error(`expected errors, got ${result.users.length} users`);
  return result.errors;
}

const long = (n: number, c = 'a') => c.repeat(n);

describe('the largest CSV files the limits allow are checked within the budget', () => {
  const cases: [string, Scenario, string][] = [
    ['tiny rows, far over the row limit', 'cross-tenant', largest('EmailAddress', () => 'x')],
    ['blank lines', 'hybrid', `EmailAddress,Note\n${'\n'.repeat(MAX_CSV_BYTES - 20)}`],
    [
      '10,000 blank lines and rows',
      'hybrid',
      `EmailAddress,Note\n${',,,\n'.repeat(10_000)}${'a@b.c\n'.repeat(2_100)}`,
    ],
    ['lines of commas', 'hybrid', largest('EmailAddress,Note', () => ', ,')],
    [
      'rows with extra columns',
      'third-party',
      largest('SourceEmail,TargetEmail', (i) => `a${i}@x.com,b,c,d`),
    ],
    [
      'long rows with extra columns',
      'third-party',
      largest('SourceEmail,TargetEmail', (i) => `a${i}@x.com,b${i}@y.com,${long(200, 'p')}`),
    ],
    ['one quoted cell', 'cross-tenant', `EmailAddress\n"${long(MAX_CSV_BYTES - 20, 'x')}"\n`],
    ['one unquoted cell', 'cross-tenant', `EmailAddress\n${long(MAX_CSV_BYTES - 20, 'x')}\n`],
    [
      'long mapping rows',
      'hosted',
      largest(
        'SourceEmail,TargetEmail',
        (i) => `${long(60)}.${i}@${long(60, 'f')}.com,${long(60)}.${i}@${long(50, 'c')}.onmicrosoft.com`,
      ),
    ],
    [
      'mapping rows of one mailbox',
      'third-party',
      largest('SourceEmail,TargetEmail', (i) => `u${i}@contoso.com,u${i}@contoso.com`),
    ],
    [
      'staged rows with quoted passwords',
      'staged',
      largest(
        'EmailAddress,Password,ForceChangePassword',
        (i) => `user.${i}@contoso.com,"Pa,ss-${i}!w0rd",True`,
      ),
    ],
    ['every row a bad address', 'hybrid', largest('EmailAddress', (i) => `not-an-address-${i}`)],
    ['every row the same address', 'cross-tenant', largest('EmailAddress', () => 'same@contoso.com')],
    ['values spanning lines', 'hybrid', largest('EmailAddress,Note', (i) => `a${i}@c.com,"x\ny\nz"`)],
    ['quoted rows with extra columns', 'hybrid', largest('EmailAddress', (i) => `"a${i}@c.com",x`)],
  ];

  it.each(cases)('%s', (_name, scenario, text) => {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CSV_BYTES);
    expect(validateCsv(text, scenario).ok).toBe(false);
    expect(blockingMs(() => validateCsv(text, scenario))).toBeLessThan(BLOCKING_BUDGET_MS);
  });

  it('refuses a larger file by its size alone, at once', () => {
    const text = `EmailAddress\n${'<'.repeat(MAX_CSV_BYTES)}`;
    expect(errorsOf(validateCsv(text, 'hybrid'))).toStrictEqual([
      { row: 0, reason: 'the file is 512.1 KB; a batch CSV may be at most 512 KB' },
    ]);
    expect(blockingMs(() => validateCsv(text, 'hybrid'))).toBeLessThan(5);
  });
});

describe('a full batch of valid rows', () => {
  /** As many rows as the scenario's batch holds; a third of the addresses with capitals. */
  function fullBatch(scenario: Scenario): string {
    const header: Record<Scenario, string> = {
      staged: 'EmailAddress,Password,ForceChangePassword',
      'cross-tenant': 'EmailAddress',
      hybrid: 'EmailAddress',
      'third-party': 'SourceEmail,TargetEmail',
      hosted: 'SourceEmail,TargetEmail',
    };
    const lines = [header[scenario]];
    for (let i = 0; i < MAX_USERS[scenario]; i++) {
      const local = `${i % 3 === 0 ? 'User' : 'user'}.${i}`;
      if (scenario === 'staged')
        lines.push(`${local}@contoso.com,"Pa,ss-${i}!w0rd",${i % 2 ? 'True' : 'false'}`);
      else if (header[scenario].startsWith('Source'))
        lines.push(`${local}@fabrikam.com,${local}@contoso.onmicrosoft.com`);
      else lines.push(`${local}@northwind${i % 4}.com`);
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  it.each(['staged', 'cross-tenant', 'hybrid', 'third-party', 'hosted'] as Scenario[])(
    '%s: every user read within the budget',
    (scenario) => {
      const text = fullBatch(scenario);
      const result = validateCsv(text, scenario);
      expect(result.ok && result.users.length).toBe(MAX_USERS[scenario]);
      expect(result.ok && result.users[0]?.email).toMatch(/^user\.0@/);
      expect(blockingMs(() => validateCsv(text, scenario))).toBeLessThan(BLOCKING_BUDGET_MS);
    },
  );
});

describe('a file over the row limit', () => {
  it('shows the limit and the split offer first, then the problems of the rows a batch can hold', () => {
    const rows = Array.from({ length: 2_500 }, (_, i) =>
      i % 2 === 0 && i < 200 ? `bad-${i}` : `u${i}@contoso.com`,
    );
    rows[2_200] = 'also-bad-but-past-the-limit';
    const result = validateCsv(['EmailAddress', ...rows].join('\r\n'), 'cross-tenant');
    const errors = errorsOf(result);
    expect(errors[0]).toStrictEqual({
      row: 2_002,
      reason:
        'this file has 2,500 users and a cross-tenant batch holds at most 2,000: split it into 2 batches of at most 2,000 users each',
    });
    expect(errors[1]).toStrictEqual({
      row: 2,
      column: 'EmailAddress',
      reason: '"bad-0" is not an email address',
    });
    expect(errors).toHaveLength(51);
    // 100 bad rows within the limit and the split offer: 101 problems, 50 shown.
    expect(errors.at(-1)).toStrictEqual({ row: 100, reason: '…and 51 more problems' });
    expect(csvProblemsHeadline(errors)).toBe('The CSV has 101 problems; nothing was created.');
    expect(result).toMatchObject({ split: { rows: 2_500, limit: MAX_USERS['cross-tenant'], batches: 2 } });
  });

  it('counts rows past the limit across blank lines and values spanning lines', () => {
    const rows = Array.from({ length: 1_001 }, (_, i) => `u${i}@contoso.com,"x${i}\nmore"`);
    const text = ['EmailAddress,Note', '', ...rows].join('\n');
    const result = validateCsv(text, 'staged');
    expect(result).toMatchObject({ ok: false, split: { rows: 1_001, limit: 1_000, batches: 2 } });
    // Header on line 1, a blank line, then two lines per row: row 1,001 starts on line 2,003.
    expect(errorsOf(result)[1]?.row).toBe(1);
    expect(errorsOf(result)[0]?.row).toBe(2_003);
  });
});

describe('rows whose column count is not the header', () => {
  it('are reported on their lines without quotes, with quotes, and with CRLF breaks', () => {
    const text =
      'EmailAddress,Note\r\nana@contoso.com,a\r\nben@contoso.com,b,c\r\n"cy@contoso.com",c,"d"\r\n,,,,\r\n';
    expect(errorsOf(validateCsv(text, 'hybrid'))).toStrictEqual([
      { row: 3, reason: 'this row has 3 columns; the header has 2' },
      { row: 4, reason: 'this row has 3 columns; the header has 2' },
    ]);
  });

  it('refuses a file with hundreds of quoted rows of another width', () => {
    const text = ['EmailAddress', ...Array.from({ length: 300 }, (_, i) => `"a${i}@c.com",x`)].join('\n');
    expect(errorsOf(validateCsv(text, 'hybrid'))).toStrictEqual([
      {
        row: 1,
        reason:
          "more than 200 rows have quoted values and a number of columns other than the header's; save the file again as CSV with one value per column",
      },
    ]);
  });
});

describe('blank lines', () => {
  it('refuses a file of more than 10,000 blank lines as a problem of the file', () => {
    const text = `EmailAddress\nana@contoso.com\n${' \n'.repeat(10_001)}ben@contoso.com\n`;
    expect(errorsOf(validateCsv(text, 'hybrid'))).toStrictEqual([
      {
        row: 0,
        reason:
          'the file has more than 10,000 blank lines (or lines of commas only); remove them and save it again',
      },
    ]);
  });
});

describe('problems as people read them', () => {
  it('says "File" for a problem with the whole file, never row 0', () => {
    expect(csvProblemLine({ row: 0, reason: 'the file is empty' })).toBe('File: the file is empty');
    expect(csvProblemLine({ row: 3, column: 'TargetEmail', reason: 'x' })).toBe('Row 3 (TargetEmail): x');
    expect(csvProblemsHeadline([{ row: 0, reason: 'the file is empty' }])).toBe(
      'The CSV has a problem; nothing was created.',
    );
  });

  it('counts problems, not rows: two on one row are two', () => {
    const text =
      'SourceEmail,TargetEmail\nana@contoso.com,ana@contoso.onmicrosoft.com\nana@contoso.com,ana@contoso.onmicrosoft.com\n';
    const errors = errorsOf(validateCsv(text, 'third-party'));
    expect(errors.map((e) => e.row)).toEqual([3, 3]);
    expect(csvProblemsHeadline(errors)).toBe('The CSV has 2 problems; nothing was created.');
  });
});
