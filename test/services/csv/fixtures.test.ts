import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsvRowError, CsvSplit, CsvUser } from '../../../services/csv/csv-result';
import { type ValidateCsvOptions, validateCsv } from '../../../services/csv/validate-csv';
import { SCENARIOS, type Scenario } from '../../../services/model/statuses';

interface BadExpectation {
  scenario: Scenario;
  options?: ValidateCsvOptions;
  errors: CsvRowError[];
  split?: CsvSplit;
}

interface GoodExpectation {
  scenario: Scenario;
  options?: ValidateCsvOptions;
  users: CsvUser[];
  warnings: string[];
}

const FIXTURES = join(__dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  bad: Record<string, BadExpectation>;
  good: Record<string, GoodExpectation>;
};
const files = (folder: 'bad' | 'good') => readdirSync(join(FIXTURES, folder)).sort();
/** Read as bytes, the way an upload arrives, so encodings are part of each case. */
const bytes = (folder: 'bad' | 'good', file: string) => readFileSync(join(FIXTURES, folder, file));

describe('CSV fixtures', () => {
  it('have an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(expected.bad).sort()).toEqual(files('bad'));
    expect(Object.keys(expected.good).sort()).toEqual(files('good'));
  });

  it('cover every scenario with at least 40 bad files', () => {
    expect(files('bad').length).toBeGreaterThanOrEqual(40);
    const scenarios = (group: Record<string, { scenario: Scenario }>) =>
      new Set(Object.values(group).map((e) => e.scenario));
    expect([...scenarios(expected.bad)].sort()).toEqual([...SCENARIOS].sort());
    expect([...scenarios(expected.good)].sort()).toEqual([...SCENARIOS].sort());
  });

  describe('bad files give exactly the expected errors', () => {
    it.each(files('bad'))('%s', (file) => {
      const want = expected.bad[file];
      if (!want) throw new Error(`${file} has no entry in fixtures/expected.json`);
      const result = validateCsv(bytes('bad', file), want.scenario, want.options);
      expect(result).toStrictEqual(
        want.split
          ? { ok: false, errors: want.errors, split: want.split }
          : { ok: false, errors: want.errors },
      );
    });
  });

  describe('good files pass with exactly the expected users and warnings', () => {
    it.each(files('good'))('%s', (file) => {
      const want = expected.good[file];
      if (!want) throw new Error(`${file} has no entry in fixtures/expected.json`);
      const result = validateCsv(bytes('good', file), want.scenario, want.options);
      if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
      expect(result.users).toStrictEqual(want.users);
      expect(result.warnings).toStrictEqual(want.warnings);
    });
  });
});
