import type { Scenario } from '../model/statuses';

/** Users one batch may hold, per scenario (staged: 1,000 CSV rows; the others: 2,000 mailboxes). */
export const MAX_USERS: Record<Scenario, number> = {
  'cross-tenant': 2000,
  hybrid: 2000,
  staged: 1000,
  'third-party': 2000,
  hosted: 2000,
};

/**
 * Largest CSV file accepted, in bytes: room for 2,000 rows of 256 characters (two long addresses
 * and a few ignored columns), small enough that a file is read and checked in a few tens of
 * milliseconds. A bigger file is refused before it is parsed.
 */
export const MAX_CSV_BYTES = 512 * 1024;

/** Problems reported in full; the rest are counted in a final entry. */
export const MAX_CSV_ERRORS = 50;
