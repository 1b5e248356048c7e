import { CutoverError } from '../errors';
import type { CsvRowError } from './csv-result';

/** A CSV that must be valid was not. The errors never hold a cell that could be a password. */
export class InvalidCsvError extends CutoverError {
  readonly code = 'invalid_csv';
  constructor(readonly errors: readonly CsvRowError[]) {
    const first = errors[0];
    super(
      first
        ? `the CSV has ${errors.length === 1 ? 'a problem' : 'problems'}; ${first.row > 0 ? `row ${first.row}` : 'the file'}: ${first.reason}`
        : 'the CSV is not valid',
    );
  }
}
