import { recipientPrng, x500Proxy } from './directory-attributes';
import { CROSS_TENANT_MIGRATION_SKU, ENTERPRISE_SKU } from './licences';
import type { Person } from './people';
import { mailUser, type TenantDomains, userMailbox } from './recipients';
import type { Recipient } from './world-types';

/** About one source mailbox in five has an archive. */
const ARCHIVE_SHARE = 0.2;
/** About one in four kept the x500 of the on-premises organisation it came from. */
const ON_PREMISES_X500_SHARE = 0.25;

/** A source mailbox of a cross-tenant move, before any seeded defect. */
export function sourceMailbox(source: TenantDomains, organisation: string, person: Person): Recipient {
  const mailbox = userMailbox(source, person, [ENTERPRISE_SKU]);
  const rng = recipientPrng(source.id, mailbox.email, 'source');
  if (rng.next() < ARCHIVE_SHARE) mailbox.archiveGuid = rng.guid();
  if (rng.next() < ON_PREMISES_X500_SHARE) {
    const dn = `/o=${organisation}/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${person.alias}`;
    mailbox.emailAddresses.push(x500Proxy(dn));
  }
  return mailbox;
}

/**
 * The target MailUser a correct cross-tenant move needs: the source's ExchangeGuid and ArchiveGuid,
 * the source's LegacyExchangeDN and every x500 of the source as x500 proxies, ExternalEmailAddress at
 * the source mailbox, smtp proxies only in the target's own domains, and the migration licence.
 */
export function targetMailUser(target: TenantDomains, source: Recipient, person: Person): Recipient {
  const user = mailUser(target, person, source.email, [CROSS_TENANT_MIGRATION_SKU]);
  const sourceX500s = source.emailAddresses.filter((a) => a.toLowerCase().startsWith('x500:'));
  user.emailAddresses.push(x500Proxy(source.legacyExchangeDN), ...sourceX500s);
  if (source.archiveGuid) user.archiveGuid = source.archiveGuid;
  return user;
}

export interface CrossTenantPair {
  source: Recipient;
  target: Recipient;
}

export function crossTenantPair(
  source: TenantDomains,
  organisation: string,
  target: TenantDomains,
  person: Person,
): CrossTenantPair {
  const mailbox = sourceMailbox(source, organisation, person);
  return { source: mailbox, target: targetMailUser(target, mailbox, person) };
}
