import { MAX_CSV_ERRORS } from './csv-limits';
import type { CsvRowError } from './csv-result';

/**
 * Collects problems in any order; reports them sorted by row and capped, after the ones added with
 * `addFirst` (the row limit and the offer to split), which always come first and are never cut.
 */
export class CsvProblems {
  private readonly first: CsvRowError[] = [];
  private readonly list: CsvRowError[] = [];

  /** Every problem found, each counted once (a row may have several). */
  get count(): number {
    return this.first.length + this.list.length;
  }

  add(row: number, reason: string, column?: string): void {
    this.list.push(column === undefined ? { row, reason } : { row, column, reason });
  }

  addAll(errors: readonly CsvRowError[]): void {
    for (const error of errors) this.list.push(error);
  }

  /** A problem shown before all others, whatever its row. */
  addFirst(row: number, reason: string): void {
    this.first.push({ row, reason });
  }

  /**
   * The first problems, then the others sorted by row (stable, so problems on one row keep their
   * order); past `max` in all, one closing entry counting the problems left out.
   */
  report(max: number = MAX_CSV_ERRORS): CsvRowError[] {
    const sorted = this.list.slice().sort((a, b) => a.row - b.row);
    const room = Math.max(0, max - this.first.length);
    if (sorted.length <= room) return [...this.first, ...sorted];
    const rest = sorted.length - room;
    const shown = [...this.first, ...sorted.slice(0, room)];
    shown.push({ row: sorted[room]!.row, reason: moreProblems(rest) });
    return shown;
  }
}

const MORE = /^…and (\d+) more problems?$/;

function moreProblems(rest: number): string {
  return `…and ${rest} more problem${rest === 1 ? '' : 's'}`;
}

/** How many problems a report stands for: the entries shown plus those its closing entry counts. */
export function problemCount(errors: readonly CsvRowError[]): number {
  const last = errors.at(-1);
  const more = last && MORE.exec(last.reason);
  return more ? errors.length - 1 + Number(more[1]) : errors.length;
}
