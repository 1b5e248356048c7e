import type { DomainRule } from './address';
import { AddressColumn } from './address-column';
import { COLUMN_NAMES, type CsvColumns } from './csv-columns';
import type { CsvProblems } from './csv-problems';
import type { CsvUser } from './csv-result';
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
 * Checks the rows of a file and returns the users of the rows that passed, addresses lower-cased.
 * Every problem goes to `rules.problems`; the caller uses the users only when there is none.
 */
export type CheckRows = (table: CsvTable, columns: CsvColumns, rules: RowRules) => CsvUser[];

/** Microsoft Entra ID password length limits, for the passwords a staged batch sets. */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

/** Cross-tenant and hybrid: one EmailAddress per row. */
export const checkAddressRows: CheckRows = (table, columns, rules) => {
  const emails = new AddressColumn(COLUMN_NAMES.email, rules.problems, true, rules.domainRule);
  const users: CsvUser[] = [];
  forEachRow(table, rules.problems, (record, row) => {
    const email = emails.read(cell(record, columns.email), row);
    if (email !== undefined) users.push({ row, email });
  });
  emails.finish();
  return users;
};

/** Staged: EmailAddress, and optionally Password and ForceChangePassword (True or False, any case). */
export const checkStagedRows: CheckRows = (table, columns, rules) => {
  const { problems } = rules;
  // A staged file may hold passwords, even in the wrong column: its cells are never quoted back.
  const emails = new AddressColumn(COLUMN_NAMES.email, problems, false, rules.domainRule);
  const users: CsvUser[] = [];
  forEachRow(table, problems, (record, row) => {
    const email = emails.read(cell(record, columns.email), row);
    let valid = email !== undefined;
    const user: CsvUser = { row, email: email ?? '' };
    if (columns.password >= 0) {
      const length = cell(record, columns.password).length;
      const problem = passwordProblem(length);
      if (problem) {
        problems.add(row, problem, COLUMN_NAMES.password);
        valid = false;
      }
      user.hasPassword = length > 0;
    }
    if (columns.force >= 0) {
      const value = cell(record, columns.force).toLowerCase();
      if (value === 'true' || value === 'false') {
        user.forceChangePassword = value === 'true';
      } else {
        const reason = value ? 'must be True or False' : 'is empty; use True or False';
        problems.add(row, `ForceChangePassword ${reason}`, COLUMN_NAMES.force);
        valid = false;
      }
    }
    if (valid) users.push(user);
  });
  emails.finish();
  return users;
};

/**
 * Third-party and hosted: a SourceEmail to TargetEmail mapping. A row mapping a mailbox to itself
 * (third-party: the same address on both sides) is a problem, and so is a target (or a source) on
 * two rows, named with the row that has it first.
 */
export const checkMappingRows: CheckRows = (table, columns, rules) => {
  const { problems } = rules;
  const sources = new AddressColumn(COLUMN_NAMES.source, problems, true);
  const targets = new AddressColumn(COLUMN_NAMES.target, problems, true, rules.domainRule);
  const users: CsvUser[] = [];
  forEachRow(table, problems, (record, row) => {
    const sourceEmail = sources.read(cell(record, columns.source), row);
    const targetEmail = targets.read(cell(record, columns.target), row);
    if (sourceEmail === undefined || targetEmail === undefined) return;
    if (sourceEmail === targetEmail && !rules.sameAddressAllowed) {
      problems.add(
        row,
        `${targetEmail} is both the source and the target of this row; map it to a mailbox in the target tenant (its initial domain, as the domain can be in one tenant only)`,
        COLUMN_NAMES.target,
      );
      return;
    }
    users.push({ row, email: targetEmail, sourceEmail, targetEmail });
  });
  sources.finish();
  targets.finish();
  return users;
};

/** Calls `check` for each row with the header's column count; reports the others. */
function forEachRow(
  table: CsvTable,
  problems: CsvProblems,
  check: (record: string[], row: number) => void,
): void {
  const width = table.header.length;
  table.records.forEach((record, i) => {
    const row = table.lines[i]!;
    if (record.length === width) check(record, row);
    else columnCount(problems, row, record.length, width);
  });
}

/** The problem with a password of this length, never quoting it. */
function passwordProblem(length: number): string | undefined {
  if (length === 0) return 'Password is empty';
  if (length < PASSWORD_MIN) return `Password is shorter than ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Password is longer than ${PASSWORD_MAX} characters`;
  return undefined;
}

export function columnCount(problems: CsvProblems, row: number, found: number, expected: number): void {
  problems.add(
    row,
    `this row has ${found} ${found === 1 ? 'column' : 'columns'}; the header has ${expected}`,
  );
}
