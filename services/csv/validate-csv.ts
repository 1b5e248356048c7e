import type { Scenario } from '../model/statuses';
import { domainRule } from './address';
import { checkAddressRows, checkMappingRows, checkStagedRows, columnCount } from './check-rows';
import { layoutOf, resolveColumns } from './csv-columns';
import { MAX_CSV_BYTES, MAX_USERS } from './csv-limits';
import { CsvProblems } from './csv-problems';
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
 * problem gives no users: a batch is created from a clean file only. A file over the scenario's
 * row limit is refused with the limit and the offer to split it first, then the problems of the
 * rows a batch could hold: the rows past the limit are counted, not parsed, so the work per file
 * is bounded by the limits (MAX_CSV_BYTES and the row limit).
 */
export function validateCsv(
  input: string | Buffer,
  scenario: Scenario,
  options: ValidateCsvOptions = {},
): CsvValidation {
  const decoded = decodeCsvInput(input, options.maxBytes ?? MAX_CSV_BYTES);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  const limit = options.maxRows ?? MAX_USERS[scenario];
  const read = readCsvTable(decoded.text, limit);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const { table } = read;
  const problems = new CsvProblems();
  const rows = table.over?.rows ?? table.records.length;
  const split = splitOffer(rows, limit);
  if (split) problems.addFirst(table.over?.line ?? table.lines[split.limit]!, splitReason(scenario, split));
  const resolved = resolveColumns(table.header, scenario, table.headerLine);
  problems.addAll(resolved.errors);
  if (!resolved.usable) return failed(problems, split);
  if (table.records.length === 0 && table.uneven.length === 0) {
    problems.add(table.headerLine + 1, 'the file has a header row but no users');
    return { ok: false, errors: problems.report() };
  }

  const rules = {
    problems,
    domainRule: domainRule(options.targetDomains),
    sameAddressAllowed: scenario === 'hosted',
  };
  const layout = layoutOf(scenario);
  const check =
    layout === 'staged' ? checkStagedRows : layout === 'mapping' ? checkMappingRows : checkAddressRows;
  // Rows the reader left out for their column count, reported as the checks would have.
  for (const { line, columns } of table.uneven) columnCount(problems, line, columns, table.header.length);
  const users = check(table, resolved.columns, rules);
  if (problems.count > 0) return failed(problems, split);
  const warnings =
    layout === 'mapping' ? [...resolved.warnings, ...mappingWarnings(users, scenario)] : resolved.warnings;
  return { ok: true, users, header: table.header, warnings };
}

function failed(problems: CsvProblems, split: CsvSplit | undefined): CsvValidation {
  const errors = problems.report();
  return split ? { ok: false, errors, split } : { ok: false, errors };
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
