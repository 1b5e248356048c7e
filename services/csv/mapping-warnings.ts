import type { Scenario } from '../model/statuses';
import { isInitialDomain } from './address';
import type { CsvUser } from './csv-result';

/** Above this many mailboxes a third-party migration is best run in several passes. */
export const MULTI_PASS_USERS = 500;

/** Advice for a valid mapping: initial-domain targets, and several passes for large mappings. */
export function mappingWarnings(users: readonly CsvUser[], scenario: Scenario): string[] {
  const warnings: string[] = [];
  const outside = users.filter((user) => !isInitialDomain(user.email));
  const example = outside[0];
  if (example) {
    warnings.push(
      `${outside.length} of ${users.length} target addresses are not in an initial *.onmicrosoft.com ` +
        `domain (first on row ${example.row}: ${example.email}); map to the target tenant's initial domain, ` +
        'which stays put while custom domains move between tenants',
    );
  }
  if (scenario === 'third-party' && users.length > MULTI_PASS_USERS) {
    warnings.push(
      `${users.length} mailboxes: above ${MULTI_PASS_USERS}, run a pre-stage pass first and a delta pass at cutover`,
    );
  }
  return warnings;
}
