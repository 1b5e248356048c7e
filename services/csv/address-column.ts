import { displaySafeText } from '../text/display-safe';
import { AddressRepeats } from './address-repeats';
import { AddressScan, inInitialDomain, sameIgnoringCase } from './address-scan';
import type { CsvProblems } from './csv-problems';

/** The domains a tracked address must be in (lower-case), and how to name them in a message. */
export interface DomainRule {
  domains: readonly string[];
  listed: string;
}

/** One column's values by row index, and the file line of each row. */
export interface ColumnValues {
  length: number;
  at: (index: number) => string;
  lines: ArrayLike<number>;
}

/**
 * Checks one address column: present, a valid address, not repeated (naming the row that has it
 * first) and, when a domain rule is given, in one of the allowed domains. Rows are read one by one
 * with `read`; repeats are found once all are read, by `finish`. One problem per cell: a repeated
 * address is reported as a repeat, not again as outside the domains. Allocates nothing for a good
 * row.
 */
export class AddressCheck {
  private readonly scanner = new AddressScan();
  private readonly repeats: AddressRepeats;
  /** Rows whose address is outside the domains: reported by `finish` unless they are repeats. */
  private readonly outside: number[] = [];

  constructor(
    private readonly column: string,
    private readonly values: ColumnValues,
    private readonly problems: CsvProblems,
    /** False when the file may hold passwords: an invalid value is then not repeated in the message. */
    private readonly echo: boolean,
    private readonly domainRule?: DomainRule,
  ) {
    this.repeats = new AddressRepeats(values.length, values.at);
  }

  /**
   * Reads the value of row `index` (on line `row`). False when it is not a usable address: the
   * problem is recorded now, or by `finish` for an address outside the domains.
   */
  read(value: string, index: number, row: number): boolean {
    const { column, scanner } = this;
    if (value === '') {
      this.problems.add(row, `${column} is empty`, column);
      return false;
    }
    if (!scanner.scan(value)) {
      const reason = this.echo
        ? `"${shorten(value)}" is not an email address`
        : `the ${column} value is not an email address`;
      this.problems.add(row, reason, column);
      return false;
    }
    this.repeats.add(scanner.hash, index);
    const rule = this.domainRule;
    if (rule && !inDomain(value, scanner.at + 1, rule.domains)) {
      this.outside.push(index);
      return false;
    }
    return true;
  }

  /** Right after `read` accepted a value: whether it has upper-case letters. */
  get upper(): boolean {
    return this.scanner.upper;
  }

  /** Right after `read` accepted `value`: whether it is in an initial *.onmicrosoft.com domain. */
  initialDomain(value: string): boolean {
    return inInitialDomain(value, this.scanner);
  }

  /** Records the repeated addresses and those outside the domains, once every row is read. */
  finish(): void {
    const { column, values, problems } = this;
    const repeated = new Set<number>();
    for (const { index, first } of this.repeats.find()) {
      repeated.add(index);
      const address = values.at(index).toLowerCase();
      problems.add(values.lines[index]!, `${address} is already on row ${values.lines[first]}`, column);
    }
    const listed = this.domainRule?.listed;
    for (const index of this.outside) {
      if (repeated.has(index)) continue;
      const address = values.at(index).toLowerCase();
      problems.add(
        values.lines[index]!,
        `${address} is not in a domain of the target tenant (${listed})`,
        column,
      );
    }
  }
}

/** Builds the rule from configured domains; none (or an empty list) means any domain. */
export function domainRule(domains: readonly string[] | undefined): DomainRule | undefined {
  const clean = (domains ?? []).map((d) => d.trim().replace(/^@/, '').toLowerCase()).filter(Boolean);
  if (clean.length === 0) return undefined;
  const listed = clean.length > 3 ? `${clean.slice(0, 3).join(', ')}, …` : clean.join(', ');
  return { domains: [...new Set(clean)], listed };
}

function inDomain(address: string, start: number, domains: readonly string[]): boolean {
  for (const domain of domains) if (sameIgnoringCase(address, start, domain)) return true;
  return false;
}

/** A cell value quoted in a problem: shortened, control and direction characters escaped. */
function shorten(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return displaySafeText(shown);
}
