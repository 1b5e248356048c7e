import { type CheckedRows, FIRST_UPPER, FORCE_TRUE, HAS_PASSWORD, SECOND_UPPER } from './check-rows';
import type { CsvColumns, CsvLayout } from './csv-columns';
import type { CsvUser } from './csv-result';

/**
 * The users of a checked file, addresses lower-cased. toLowerCase makes a copy even of a string that
 * has no capitals, so it runs only on the addresses the scan found capitals in.
 */
export function csvUsers(checked: CheckedRows, layout: CsvLayout, columns: CsvColumns): CsvUser[] {
  const { count, lines, first, second, flags } = checked;
  const users = new Array<CsvUser>(count);
  for (let i = 0; i < count; i++) {
    const row = lines[i]!;
    const f = flags[i]!;
    const email = f & FIRST_UPPER ? first[i]!.toLowerCase() : first[i]!;
    if (layout === 'mapping') {
      const targetEmail = f & SECOND_UPPER ? second[i]!.toLowerCase() : second[i]!;
      users[i] = { row, email: targetEmail, sourceEmail: email, targetEmail };
      continue;
    }
    users[i] = layout === 'staged' ? stagedUser(row, email, f, columns) : { row, email };
  }
  return users;
}

/** Every property in one literal: adding some later would give each user a second allocation. */
function stagedUser(row: number, email: string, flags: number, columns: CsvColumns): CsvUser {
  const hasPassword = (flags & HAS_PASSWORD) !== 0;
  const forceChangePassword = (flags & FORCE_TRUE) !== 0;
  if (columns.password >= 0 && columns.force >= 0) return { row, email, hasPassword, forceChangePassword };
  if (columns.password >= 0) return { row, email, hasPassword };
  if (columns.force >= 0) return { row, email, forceChangePassword };
  return { row, email };
}
