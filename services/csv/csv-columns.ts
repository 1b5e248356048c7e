import { displaySafeText } from '../text/display-safe';
import type { Scenario } from '../model/statuses';
import type { CsvRowError } from './csv-result';
import { isEmailAddress } from './address';

/** Index of each column the batch reads in the file, -1 when the file does not have it. */
export interface CsvColumns {
  email: number;
  password: number;
  force: number;
  source: number;
  target: number;
}

type Role = keyof CsvColumns;
export type CsvLayout = 'staged' | 'addresses' | 'mapping';

export interface ResolvedColumns {
  columns: CsvColumns;
  /** False when the rows cannot be read at all (a required column is missing). */
  usable: boolean;
  errors: CsvRowError[];
  warnings: string[];
}

const NAMES: Record<CsvLayout, Record<string, Role>> = {
  staged: { emailaddress: 'email', password: 'password', forcechangepassword: 'force' },
  addresses: { emailaddress: 'email' },
  mapping: { sourceemail: 'source', source: 'source', targetemail: 'target', target: 'target' },
};

const REQUIRED: Record<CsvLayout, Role[]> = {
  staged: ['email'],
  addresses: ['email'],
  mapping: ['source', 'target'],
};

export const COLUMN_NAMES: Record<Role, string> = {
  email: 'EmailAddress',
  password: 'Password',
  force: 'ForceChangePassword',
  source: 'SourceEmail',
  target: 'TargetEmail',
};

const EXPECTED: Record<CsvLayout, string> = {
  staged: 'EmailAddress, optionally Password and ForceChangePassword',
  addresses: 'EmailAddress',
  mapping: 'SourceEmail,TargetEmail',
};

/** Header names people use for an address column; suggested as EmailAddress. */
const ADDRESS_LOOKALIKES = new Set(['email', 'emailaddress', 'mail', 'primarysmtpaddress', 'smtpaddress']);

export function layoutOf(scenario: Scenario): CsvLayout {
  if (scenario === 'staged') return 'staged';
  if (scenario === 'third-party' || scenario === 'hosted') return 'mapping';
  return 'addresses';
}

/**
 * Finds the columns a scenario reads. Staged files follow Exchange's own rule (only EmailAddress,
 * Password, ForceChangePassword; anything else is an error); the other scenarios ignore extra
 * columns with a warning. Header names are matched case-insensitively, in any order.
 */
export function resolveColumns(header: string[], scenario: Scenario, row: number): ResolvedColumns {
  const layout = layoutOf(scenario);
  const columns: CsvColumns = { email: -1, password: -1, force: -1, source: -1, target: -1 };
  const errors: CsvRowError[] = [];
  if (header.some(isEmailAddress)) {
    errors.push({
      row,
      reason: `the first line must be the header row (${EXPECTED[layout]}); it holds an email address instead`,
    });
    return { columns, usable: false, errors, warnings: [] };
  }
  const known = NAMES[layout];
  if (layout === 'staged' && !header.some((name) => known[name.toLowerCase()] !== undefined)) {
    // Not a header at all (perhaps a user row): name none of its cells, one may be a password.
    const reason = `the first line must be the header row (${EXPECTED[layout]})`;
    errors.push({ row, column: 'EmailAddress', reason: withLookalike(reason, header) });
    return { columns, usable: false, errors, warnings: [] };
  }
  const ignored: string[] = [];
  header.forEach((name, index) => {
    const role = known[name.toLowerCase()];
    if (role === undefined) {
      if (layout === 'staged') errors.push(stagedUnknown(name, index, row));
      else ignored.push(name ? `"${shorten(name)}"` : `column ${index + 1} (no name)`);
    } else if (columns[role] >= 0) {
      errors.push({
        row,
        column: COLUMN_NAMES[role],
        reason: `columns ${columns[role] + 1} and ${index + 1} both hold ${COLUMN_NAMES[role]}`,
      });
    } else {
      columns[role] = index;
    }
  });
  let usable = true;
  for (const role of REQUIRED[layout]) {
    if (columns[role] >= 0) continue;
    usable = false;
    errors.push({ row, column: COLUMN_NAMES[role], reason: missing(role, header) });
  }
  const warnings = ignored.length
    ? [
        `ignored ${plural(ignored.length, 'column')} ${ignored.join(', ')}: a ${scenario} batch reads ${EXPECTED[layout]} only`,
      ]
    : [];
  return { columns, usable, errors, warnings };
}

function stagedUnknown(name: string, index: number, row: number): CsvRowError {
  const allowed = 'use only EmailAddress, Password and ForceChangePassword';
  if (!name) return { row, reason: `column ${index + 1} of the header has no name; ${allowed}` };
  return { row, column: shorten(name), reason: `"${shorten(name)}" is not a staged CSV column; ${allowed}` };
}

function missing(role: Role, header: string[]): string {
  const base = `the header has no ${COLUMN_NAMES[role]} column`;
  if (role === 'source') return `${base} (Source is accepted too)`;
  if (role === 'target') return `${base} (Target is accepted too)`;
  return withLookalike(base, header);
}

function withLookalike(reason: string, header: string[]): string {
  const lookalike = header.find((name) => ADDRESS_LOOKALIKES.has(lettersOf(name)));
  return lookalike ? `${reason}; rename "${shorten(lookalike)}" to EmailAddress` : reason;
}

function lettersOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** A header name quoted in a problem: shortened, control and direction characters escaped. */
function shorten(name: string): string {
  return displaySafeText(name.length > 40 ? `${name.slice(0, 39)}…` : name);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
