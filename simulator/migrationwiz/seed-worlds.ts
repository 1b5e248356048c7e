import type { Recipient, Tenant } from '../seed/world-types';
import type { MwzWorld } from './mwz-world';
import { fabrikamToContoso, MERGER_ACCOUNT } from './seed-fabrikam-contoso';
import { HOSTER_ACCOUNT, litwareHosterMove } from './seed-litware';

/** The API accounts' password in the local demo (the bot's demo configuration names a variable holding it). */
export const LOCAL_PASSWORD = 'local-simulator';

/**
 * Both MigrationWiz worlds (seeds 002 and 004), and the Microsoft 365 tenants their target users
 * live in, to be appended after the existing tenants.
 */
export function seedMigrationWiz(
  seed: number,
  fabrikamUsers: readonly Recipient[],
  extraMailboxes: number,
): { world: MwzWorld; tenants: Tenant[] } {
  const merger = fabrikamToContoso(seed, fabrikamUsers, extraMailboxes);
  const hoster = litwareHosterMove(seed);
  return {
    world: {
      accounts: [
        { emailAddress: MERGER_ACCOUNT, password: LOCAL_PASSWORD },
        { emailAddress: HOSTER_ACCOUNT, password: LOCAL_PASSWORD },
      ],
      workgroups: [merger.workgroup, hoster.workgroup],
    },
    tenants: [merger.tenant, hoster.tenant],
  };
}
