import { MAX_CSV_ERRORS } from './csv-limits';
import type { CsvRowError } from './csv-result';

/** Collects problems in any order; reports them sorted by row and capped. */
export class CsvProblems {
  private readonly list: CsvRowError[] = [];

  get count(): number {
    return this.list.length;
  }

  add(row: number, reason: string, column?: string): void {
    this.list.push(column === undefined ? { row, reason } : { row, column, reason });
  }

  addAll(errors: readonly CsvRowError[]): void {
    for (const error of errors) this.list.push(error);
  }

  /** Sorted by row (stable, so problems on one row keep their order); past `max`, one closing entry. */
  report(max: number = MAX_CSV_ERRORS): CsvRowError[] {
    const sorted = this.list.slice().sort((a, b) => a.row - b.row);
    if (sorted.length <= max) return sorted;
    const rest = sorted.length - max;
    const shown = sorted.slice(0, max);
    shown.push({ row: sorted[max]!.row, reason: `…and ${rest} more problem${rest === 1 ? '' : 's'}` });
    return shown;
  }
}
