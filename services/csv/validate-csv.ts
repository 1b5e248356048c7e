import type { Scenario } from '../model/statuses';
import { domainRule } from './address-check';
import { checkAddressRows, checkMappingRows, checkStagedRows } from './check-rows';
import { layoutOf, resolveColumns } from './csv-columns';
import { MAX_CSV_BYTES, MAX_USERS } from './csv-limits';
import { CsvProblems } from './csv-problems';
import { csvUsers } from './csv-users';
import type { CsvSplit, CsvValidation } from './csv-result';
import { decodeCsvInput } from './decode-csv-input';
import { mappingWarnings } from './mapping-warnings';
import { readCsvTable } from './read-csv-table';

export interface ValidateCsvOptions {
  /**
   * Domains of the target tenant. When given, every tracked address (EmailAddress, or
   * TargetEmail in a mapping) must be in one of them.
   */
  targetDomains?: string[];
  /** Largest accepted file in bytes; MAX_CSV_BYTES (2 MB) by default. */
  maxBytes?: number;
  /**
   * Rows a batch may hold; MAX_USERS for the scenario by default. Only benchmarks and tests set
   * it (a batch's limit is Exchange's, not a choice).
   */
  maxRows?: number;
}

/**
 * Validates a batch CSV for a scenario and reports every problem with its line. A file with any
 * problem gives no users: a batch is created from a clean file only. Every row is checked even
 * when the file is over the scenario's row limit, so one upload shows all that needs fixing.
 */
export function validateCsv(
  input: string | Buffer,
  scenario: Scenario,
  options: ValidateCsvOptions = {},
): CsvValidation {
  const decoded = decodeCsvInput(input, options.maxBytes ?? MAX_CSV_BYTES);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  const read = readCsvTable(decoded.text);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const { table } = read;
  const resolved = resolveColumns(table.header, scenario, table.headerLine);
  const problems = new CsvProblems();
  problems.addAll(resolved.errors);
  if (!resolved.usable) return { ok: false, errors: problems.report() };
  if (table.records.length === 0) {
    problems.add(table.headerLine + 1, 'the file has a header row but no users');
    return { ok: false, errors: problems.report() };
  }

  const rules = { problems, domainRule: domainRule(options.targetDomains) };
  const layout = layoutOf(scenario);
  const check =
    layout === 'staged' ? checkStagedRows : layout === 'mapping' ? checkMappingRows : checkAddressRows;
  const rows = table.records.length;
  const split = splitOffer(rows, options.maxRows ?? MAX_USERS[scenario]);
  if (split) problems.add(table.lines[split.limit]!, splitReason(scenario, split));
  const checked = check(table, resolved.columns, rules);
  // The parsed records are no longer needed: letting them go before the users are built keeps
  // garbage collection cheap on large files.
  table.records = [];
  if (problems.count > 0) {
    const errors = problems.report();
    return split ? { ok: false, errors, split } : { ok: false, errors };
  }
  const users = csvUsers(checked, layout, resolved.columns);
  const warnings =
    layout === 'mapping'
      ? [...resolved.warnings, ...mappingWarnings(users, checked, scenario)]
      : resolved.warnings;
  return { ok: true, users, header: table.header, warnings };
}

function splitOffer(rows: number, limit: number): CsvSplit | undefined {
  return rows > limit ? { rows, limit, batches: Math.ceil(rows / limit) } : undefined;
}

function splitReason(scenario: Scenario, split: CsvSplit): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `this file has ${n(split.rows)} users and a ${scenario} batch holds at most ${n(split.limit)}: ` +
    `split it into ${split.batches} batches of at most ${n(split.limit)} users each`
  );
}
