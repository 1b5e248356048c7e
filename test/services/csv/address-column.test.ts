import { describe, expect, it } from 'vitest';
import { domainRule } from '../../../services/csv/address';
import { AddressColumn } from '../../../services/csv/address-column';
import { CsvProblems } from '../../../services/csv/csv-problems';

/** Reads `values` as rows 2, 3, ... and returns what each read gave and the problems reported. */
function check(values: string[], options: { echo?: boolean; domains?: string[] } = {}) {
  const problems = new CsvProblems();
  const column = new AddressColumn(
    'EmailAddress',
    problems,
    options.echo ?? true,
    domainRule(options.domains),
  );
  const read = values.map((value, i) => column.read(value, i + 2));
  column.finish();
  return { read, problems: problems.report() };
}

describe('AddressColumn', () => {
  it('names the first row of each repeated address, ignoring case, and returns addresses lower-cased', () => {
    const { read, problems } = check([
      'ana@contoso.com',
      'ben@contoso.com',
      'ANA@contoso.com',
      'cy@contoso.com',
      'Ana@Contoso.com',
    ]);
    expect(read).toEqual([
      'ana@contoso.com',
      'ben@contoso.com',
      'ana@contoso.com',
      'cy@contoso.com',
      'ana@contoso.com',
    ]);
    expect(problems).toEqual([
      { row: 4, column: 'EmailAddress', reason: 'ana@contoso.com is already on row 2' },
      { row: 6, column: 'EmailAddress', reason: 'ana@contoso.com is already on row 2' },
    ]);
  });

  it('finds nothing among 5,000 distinct addresses', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `user${i}@contoso.com`);
    expect(check(values).problems).toEqual([]);
  });

  it('quotes an invalid value only when the file holds no passwords', () => {
    expect(check(['not an address']).problems).toEqual([
      { row: 2, column: 'EmailAddress', reason: '"not an address" is not an email address' },
    ]);
    expect(check(['S3cret!pass'], { echo: false }).problems).toEqual([
      { row: 2, column: 'EmailAddress', reason: 'the EmailAddress value is not an email address' },
    ]);
    expect(check(['']).problems).toEqual([
      { row: 2, column: 'EmailAddress', reason: 'EmailAddress is empty' },
    ]);
  });

  it('reports an address outside the domains once, and a repeat of it as a repeat only', () => {
    const { read, problems } = check(['ana@fabrikam.com', 'ben@contoso.com', 'ANA@fabrikam.com'], {
      domains: ['contoso.com'],
    });
    expect(read).toEqual([undefined, 'ben@contoso.com', undefined]);
    expect(problems).toEqual([
      {
        row: 2,
        column: 'EmailAddress',
        reason: 'ana@fabrikam.com is not in a domain of the target tenant (contoso.com)',
      },
      { row: 4, column: 'EmailAddress', reason: 'ana@fabrikam.com is already on row 2' },
    ]);
  });
});
