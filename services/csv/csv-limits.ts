import type { Scenario } from '../model/statuses';

/** Users one batch may hold, per scenario (staged: 1,000 CSV rows; the others: 2,000 mailboxes). */
export const MAX_USERS: Record<Scenario, number> = {
  'cross-tenant': 2000,
  hybrid: 2000,
  staged: 1000,
  'third-party': 2000,
  hosted: 2000,
};

/** Largest CSV file accepted, in bytes. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Problems reported in full; the rest are counted in a final entry. */
export const MAX_CSV_ERRORS = 50;
