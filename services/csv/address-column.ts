import { displaySafeText } from '../text/display-safe';
import { type DomainRule, inDomain, isEmailAddress } from './address';
import type { CsvProblems } from './csv-problems';

/**
 * Checks one address column row by row: present, a valid address, not repeated (naming the row
 * that has it first, ignoring case) and, with a domain rule, in one of the allowed domains. One
 * problem per cell: a repeated address is reported as a repeat, not again as outside the domains.
 *
 * Repeats and addresses outside the domains are reported by `finish`, after the problems found
 * while reading, so that a row's other problems come first.
 */
export class AddressColumn {
  /** Each address seen (lower-case), with the line it is first on. */
  private readonly firstLine = new Map<string, number>();
  private readonly later: { row: number; reason: string }[] = [];

  constructor(
    private readonly column: string,
    private readonly problems: CsvProblems,
    /** False when the file may hold passwords: an invalid value is then not quoted in the message. */
    private readonly echo: boolean,
    private readonly domainRule?: DomainRule,
  ) {}

  /**
   * The address of the row on line `row`, lower-cased, or undefined when it is not usable (empty,
   * invalid or outside the domains). A repeated address is returned: it is reported by `finish`.
   */
  read(value: string, row: number): string | undefined {
    const { column } = this;
    if (value === '') {
      this.problems.add(row, `${column} is empty`, column);
      return undefined;
    }
    if (!isEmailAddress(value)) {
      const reason = this.echo
        ? `"${shorten(value)}" is not an email address`
        : `the ${column} value is not an email address`;
      this.problems.add(row, reason, column);
      return undefined;
    }
    const address = value.toLowerCase();
    const first = this.firstLine.get(address);
    if (first === undefined) this.firstLine.set(address, row);
    else this.later.push({ row, reason: `${address} is already on row ${first}` });
    const rule = this.domainRule;
    if (rule && !inDomain(address, rule)) {
      if (first === undefined) {
        const reason = `${address} is not in a domain of the target tenant (${rule.listed})`;
        this.later.push({ row, reason });
      }
      return undefined;
    }
    return address;
  }

  /** Records the repeated addresses and those outside the domains, once every row is read. */
  finish(): void {
    for (const { row, reason } of this.later) this.problems.add(row, reason, this.column);
  }
}

/** A cell value quoted in a problem: shortened, control and direction characters escaped. */
function shorten(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return displaySafeText(shown);
}
