import { AddressCheck, type ColumnValues, type DomainRule } from './address-check';
import { sameIgnoringCase } from './address-scan';
import { COLUMN_NAMES, type CsvColumns } from './csv-columns';
import type { CsvProblems } from './csv-problems';
import { type CsvTable, cell } from './read-csv-table';

export interface RowRules {
  problems: CsvProblems;
  domainRule?: DomainRule;
  /**
   * Mapping files: whether a row may name the same address on both sides. Between two hosters
   * (hosted) the customer's own domain moves with its mailboxes, so both sides carry the same
   * address on different systems; between two Microsoft 365 tenants a domain is verified in one
   * tenant only, so the same address on both sides names one mailbox twice.
   */
  sameAddressAllowed?: boolean;
}

/**
 * The rows of a file that passed the row-by-row checks (repeats are found after), as compact columns: addresses as written (trimmed), their lines and,
 * for staged files, the password and ForceChangePassword facts. Holding these instead of the
 * parsed records lets the records go before the users are built.
 */
export interface CheckedRows {
  count: number;
  lines: Int32Array;
  /** EmailAddress, or SourceEmail for a mapping. */
  first: string[];
  /** TargetEmail for a mapping. */
  second: string[];
  /** Per row: FIRST_UPPER | SECOND_UPPER (a value to lower-case) | HAS_PASSWORD | FORCE_TRUE | FORCE_FALSE. */
  flags: Uint8Array;
  /** Mapping: targets outside an initial *.onmicrosoft.com domain, and the index of the first. */
  outsideInitial: number;
  firstOutside: number;
}

export const FIRST_UPPER = 1;
export const SECOND_UPPER = 2;
export const HAS_PASSWORD = 4;
export const FORCE_TRUE = 8;
export const FORCE_FALSE = 16;

/** Microsoft Entra ID password length limits, for the passwords a staged batch sets. */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

function checkedRows(size: number, mapping: boolean): CheckedRows {
  return {
    count: 0,
    lines: new Int32Array(size),
    first: new Array<string>(size).fill(''),
    second: mapping ? new Array<string>(size).fill('') : [],
    flags: new Uint8Array(size),
    outsideInitial: 0,
    firstOutside: -1,
  };
}

/** Cross-tenant and hybrid: one EmailAddress per row. */
export function checkAddressRows(table: CsvTable, columns: CsvColumns, rules: RowRules): CheckedRows {
  const { records, lines } = table;
  const width = table.header.length;
  const at = columns.email;
  const emails = new AddressCheck(
    COLUMN_NAMES.email,
    column(table, at),
    rules.problems,
    true,
    rules.domainRule,
  );
  const out = checkedRows(records.length, false);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const row = lines[i]!;
    if (record.length !== width) {
      columnCount(rules.problems, row, record.length, width);
      continue;
    }
    const email = cell(record, at);
    if (!emails.read(email, i, row)) continue;
    out.lines[out.count] = row;
    out.flags[out.count] = emails.upper ? FIRST_UPPER : 0;
    out.first[out.count++] = email;
  }
  emails.finish();
  return out;
}

/** Staged: EmailAddress, and optionally Password and ForceChangePassword (True/False). */
export function checkStagedRows(table: CsvTable, columns: CsvColumns, rules: RowRules): CheckedRows {
  const { records, lines } = table;
  const { problems } = rules;
  const width = table.header.length;
  // A staged file may hold passwords, even in the wrong column: its cells are never quoted back.
  const values = column(table, columns.email);
  const emails = new AddressCheck(COLUMN_NAMES.email, values, problems, false, rules.domainRule);
  const out = checkedRows(records.length, false);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const row = lines[i]!;
    if (record.length !== width) {
      columnCount(problems, row, record.length, width);
      continue;
    }
    const email = cell(record, columns.email);
    let valid = emails.read(email, i, row);
    let flags = valid && emails.upper ? FIRST_UPPER : 0;
    if (columns.password >= 0) {
      const length = cell(record, columns.password).length;
      const problem = passwordProblem(length);
      if (problem) {
        problems.add(row, problem, COLUMN_NAMES.password);
        valid = false;
      }
      if (length > 0) flags |= HAS_PASSWORD;
    }
    if (columns.force >= 0) {
      const value = cell(record, columns.force);
      const force = trueOrFalse(value);
      if (force === 0) {
        const reason = value ? 'must be True or False' : 'is empty; use True or False';
        problems.add(row, `ForceChangePassword ${reason}`, COLUMN_NAMES.force);
        valid = false;
      }
      flags |= force;
    }
    if (!valid) continue;
    out.lines[out.count] = row;
    out.flags[out.count] = flags;
    out.first[out.count++] = email;
  }
  emails.finish();
  return out;
}

/**
 * Third-party and hosted: a SourceEmail to TargetEmail mapping. A row mapping a mailbox to itself
 * (third-party: the same address on both sides) is a problem, and so is a target (or a source) on
 * two rows, named with the row that has it first.
 */
export function checkMappingRows(table: CsvTable, columns: CsvColumns, rules: RowRules): CheckedRows {
  const { records, lines } = table;
  const { problems } = rules;
  const width = table.header.length;
  const sources = new AddressCheck(COLUMN_NAMES.source, column(table, columns.source), problems, true);
  const targetValues = column(table, columns.target);
  const targets = new AddressCheck(COLUMN_NAMES.target, targetValues, problems, true, rules.domainRule);
  const out = checkedRows(records.length, true);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const row = lines[i]!;
    if (record.length !== width) {
      columnCount(problems, row, record.length, width);
      continue;
    }
    const source = cell(record, columns.source);
    const target = cell(record, columns.target);
    const goodSource = sources.read(source, i, row);
    if (!targets.read(target, i, row) || !goodSource) continue;
    if (!rules.sameAddressAllowed && sameIgnoringCase(source, 0, target.toLowerCase())) {
      problems.add(
        row,
        `${target.toLowerCase()} is both the source and the target of this row; map it to a mailbox in the target tenant (its initial domain, as the domain can be in one tenant only)`,
        COLUMN_NAMES.target,
      );
      continue;
    }
    if (!targets.initialDomain(target) && out.outsideInitial++ === 0) out.firstOutside = out.count;
    out.lines[out.count] = row;
    out.flags[out.count] = (sources.upper ? FIRST_UPPER : 0) | (targets.upper ? SECOND_UPPER : 0);
    out.second[out.count] = target;
    out.first[out.count++] = source;
  }
  sources.finish();
  targets.finish();
  return out;
}

/** One column of the table, read back by row index (for repeats and problems only). */
function column(table: CsvTable, index: number): ColumnValues {
  const { records, lines } = table;
  return { length: records.length, at: (row: number) => cell(records[row]!, index), lines };
}

/** The problem with a password of this length, never quoting it. */
function passwordProblem(length: number): string | undefined {
  if (length === 0) return 'Password is empty';
  if (length < PASSWORD_MIN) return `Password is shorter than ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Password is longer than ${PASSWORD_MAX} characters`;
  return undefined;
}

/** FORCE_TRUE, FORCE_FALSE, or 0 for anything else; any case. */
function trueOrFalse(value: string): number {
  if (sameIgnoringCase(value, 0, 'true')) return FORCE_TRUE;
  if (sameIgnoringCase(value, 0, 'false')) return FORCE_FALSE;
  return 0;
}

export function columnCount(problems: CsvProblems, row: number, found: number, expected: number): void {
  problems.add(
    row,
    `this row has ${found} ${found === 1 ? 'column' : 'columns'}; the header has ${expected}`,
  );
}
