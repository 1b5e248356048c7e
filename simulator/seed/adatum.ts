import { x500Proxy } from './directory-attributes';
import { ENTERPRISE_SKU } from './licences';
import { makeOwnPerson, makePeople, type Person } from './people';
import { prngStream } from './prng';
import { mailUser, type TenantDomains, userMailbox } from './recipients';
import type { OnPremisesMailbox, Recipient, Tenant } from './world-types';

/**
 * Adatum (seed 003): a staged migration from on-premises Exchange 2007. Directory synchronization has
 * created a mail-enabled user (MEU) in the cloud for every on-premises mailbox but two (the seeded
 * defect: their rows fail with "no mail-enabled user"). The Outlook Anywhere endpoint Adatum-Staged
 * reaches the on-premises server through its RPC proxy, mail.adatum.com.
 */
export const ADATUM_TENANT_ID = 'b2d6f0a4-8c1e-4f3a-9d5b-7e9f1a3c5e08';
export const ADATUM_MAILBOXES = 20;
/** Positions (0-based) of the on-premises mailboxes that have no MEU in the cloud. */
export const ADATUM_WITHOUT_MEU = [6, 13] as const;
export const ADATUM_STAGED_ENDPOINT = 'Adatum-Staged';
export const ADATUM_RPC_PROXY = 'mail.adatum.com';
export const ADATUM_EXCHANGE_SERVER = 'EXCH07-MBX1.adatum.local';

const ADATUM: TenantDomains = {
  id: ADATUM_TENANT_ID,
  mailDomain: 'adatum.com',
  onMicrosoft: 'adatum.onmicrosoft.com',
  routing: 'adatum.mail.onmicrosoft.com',
};

const ON_PREMISES_DN = '/o=Adatum/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients';

function onPremisesMailbox(person: Person): OnPremisesMailbox {
  return {
    email: `${person.alias}@${ADATUM.mailDomain}`,
    alias: person.alias,
    displayName: person.displayName,
    legacyExchangeDN: `${ON_PREMISES_DN}/cn=${person.alias}`,
    sizeBytes: person.sizeBytes,
    itemCount: person.itemCount,
    skippedItemCount: person.skippedItemCount,
  };
}

/**
 * The MEU directory synchronization made for an on-premises mailbox: same primary address, mail to
 * the on-premises mailbox (ExternalEmailAddress), the on-premises LegacyExchangeDN as an x500 proxy.
 */
function syncedMailUser(person: Person, mailbox: OnPremisesMailbox): Recipient {
  const meu = mailUser(ADATUM, person, mailbox.email, [ENTERPRISE_SKU]);
  return { ...meu, emailAddresses: [...meu.emailAddresses, x500Proxy(mailbox.legacyExchangeDN)] };
}

export function adatum(seed: number): Tenant {
  const people = makePeople(prngStream(seed, 60), ADATUM_MAILBOXES, ADATUM_MAILBOXES, new Set());
  const mailboxes = people.map(onPremisesMailbox);
  const meus = people
    .map((person, index) => ({ person, index }))
    .filter(({ index }) => !(ADATUM_WITHOUT_MEU as readonly number[]).includes(index))
    .map(({ person, index }) => syncedMailUser(person, mailboxes[index]!));
  const rng = prngStream(seed, 61);
  const helpdesk = userMailbox(ADATUM, makeOwnPerson(rng, 'it.helpdesk'), [ENTERPRISE_SKU]);
  return {
    id: ADATUM_TENANT_ID,
    name: 'adatum',
    domain: ADATUM.onMicrosoft,
    displayName: 'Adatum Corporation',
    role: 'target',
    acceptedDomains: ['adatum.com', 'adatum.onmicrosoft.com', 'adatum.mail.onmicrosoft.com'],
    endpoints: [
      {
        name: ADATUM_STAGED_ENDPOINT,
        guid: rng.guid(),
        endpointType: 'ExchangeOutlookAnywhere',
        remoteServer: ADATUM_RPC_PROXY,
        maxConcurrentMigrations: 3,
        maxConcurrentIncrementalSyncs: 3,
        outlookAnywhere: {
          exchangeServer: ADATUM_EXCHANGE_SERVER,
          username: 'ADATUM\\migration.admin',
          mailboxPermission: 'Admin',
          authentication: 'Basic',
        },
      },
    ],
    recipients: [...meus, helpdesk],
    organizationRelationships: [],
    groups: [],
    server: 'CY4PR13A001DC06.NAMPR13A001.PROD.OUTLOOK.COM',
    onPremises: { version: 'Exchange 2007', mailboxes, directorySync: true },
  };
}
