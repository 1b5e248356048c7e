import { problemCount } from './csv-problems';
import type { CsvRowError } from './csv-result';

/**
 * One problem as a line for people: "Row 4 (EmailAddress): …", or "File: …" for a problem with
 * the file as a whole (size, encoding, an empty file), which has no row.
 */
export function csvProblemLine(error: CsvRowError): string {
  if (error.row <= 0) return `File: ${error.reason}`;
  return `Row ${error.row}${error.column ? ` (${error.column})` : ''}: ${error.reason}`;
}

/** The headline of a refused CSV, counting its problems (not its rows or the lines shown). */
export function csvProblemsHeadline(errors: readonly CsvRowError[]): string {
  const count = problemCount(errors);
  const problems = count === 1 ? 'a problem' : `${count.toLocaleString('en-US')} problems`;
  return `The CSV has ${problems}; nothing was created.`;
}
