import { licenceFailureText } from './failure-texts';
import { itemCountFor, mailboxSize, skippedItemsFor } from './mailbox-sizes';
import { UNLICENSED_USERS, capitalise } from './names';
import { makePeople, makePerson, type Person } from './people';
import { createPrng, type Prng } from './prng';
import {
  CONTOSO_TENANT_ID,
  CROSS_TENANT_APP_ID,
  DEFAULT_SEED,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
} from './tenant-ids';
import type { Recipient, Tenant, World } from './world-types';

/** Contoso user mailboxes before the unlicensed ones (which come last). */
export const CONTOSO_REGULAR_USERS = 317;
export const FABRIKAM_MAIL_USERS = 60;
/** The first users of each list get everyday sizes so demos of the first N users are quick. */
const TYPICAL_FIRST = 30;

const SHARED_MAILBOXES = ['info', 'sales', 'support', 'hr', 'finance'] as const;
const NORTHWIND_OWN_MAILBOXES = ['admin', 'it.helpdesk', 'reception', 'hannah.cole', 'owen.price'] as const;

/** Independent PRNG streams, so that adding extra users never changes the base directory. */
function stream(seed: number, salt: number): Prng {
  return createPrng((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
}

function userMailbox(person: Person, domain: string): Recipient {
  return {
    email: `${person.alias}@${domain}`,
    displayName: person.displayName,
    recipientType: 'Mailbox',
    recipientTypeDetails: 'UserMailbox',
    sizeBytes: person.sizeBytes,
    itemCount: person.itemCount,
    skippedItemCount: person.skippedItemCount,
    exchangeGuid: person.exchangeGuid,
  };
}

function mailUser(person: Person, domain: string, external: string): Recipient {
  return {
    ...userMailbox(person, domain),
    recipientType: 'MailUser',
    recipientTypeDetails: 'MailUser',
    externalEmailAddress: external,
  };
}

function ownMailbox(rng: Prng, alias: string, domain: string, shared: boolean): Recipient {
  const sizeBytes = mailboxSize(rng, false);
  return {
    email: `${alias}@${domain}`,
    displayName: alias.split('.').map(capitalise).join(' '),
    recipientType: 'Mailbox',
    recipientTypeDetails: shared ? 'SharedMailbox' : 'UserMailbox',
    sizeBytes,
    itemCount: itemCountFor(rng, sizeBytes),
    skippedItemCount: skippedItemsFor(rng),
    exchangeGuid: rng.guid(),
  };
}

export interface SeedOptions {
  seed?: number;
  /** Extra Contoso mailbox / Northwind MailUser pairs, placed before the unlicensed users. */
  extraMailUsers?: number;
}

export function seedWorld(options: SeedOptions = {}): World {
  const seed = options.seed ?? DEFAULT_SEED;
  const extraMailUsers = options.extraMailUsers ?? 0;
  const taken = new Set<string>(UNLICENSED_USERS.map((u) => `${u.first}.${u.last}`));
  const regular = makePeople(stream(seed, 1), CONTOSO_REGULAR_USERS, TYPICAL_FIRST, taken);
  const unlicensedTaken = new Set<string>();
  const unlicensedRng = stream(seed, 3);
  const unlicensed = UNLICENSED_USERS.map((u) =>
    makePerson(unlicensedRng, u.first, u.last, true, unlicensedTaken),
  );
  const extras = makePeople(stream(seed, 2), extraMailUsers, 0, taken);
  const movers = [...regular, ...extras];

  const contosoRng = stream(seed, 4);
  const contoso: Tenant = {
    id: CONTOSO_TENANT_ID,
    name: 'contoso',
    domain: 'contoso.onmicrosoft.com',
    displayName: 'Contoso Ltd',
    role: 'source',
    acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
    endpoints: [],
    recipients: [
      ...[...movers, ...unlicensed].map((p) => userMailbox(p, 'contoso.com')),
      ...SHARED_MAILBOXES.map((alias) => ownMailbox(contosoRng, alias, 'contoso.com', true)),
    ],
    server: 'AM6PR04A003DC01.EURPR04A003.PROD.OUTLOOK.COM',
  };

  const northwindRng = stream(seed, 5);
  const northwind: Tenant = {
    id: NORTHWIND_TENANT_ID,
    name: 'northwindtraders',
    domain: 'northwindtraders.onmicrosoft.com',
    displayName: 'Northwind Traders',
    role: 'target',
    acceptedDomains: ['northwindtraders.com', 'northwindtraders.onmicrosoft.com'],
    endpoints: [
      {
        name: 'Contoso-CrossTenant',
        guid: northwindRng.guid(),
        endpointType: 'ExchangeRemoteMove',
        remoteServer: 'outlook.office.com',
        remoteTenant: 'contoso.onmicrosoft.com',
        applicationId: CROSS_TENANT_APP_ID,
        maxConcurrentMigrations: 300,
        maxConcurrentIncrementalSyncs: 20,
      },
    ],
    recipients: [
      ...movers.map((p) => mailUser(p, 'northwindtraders.com', `${p.alias}@contoso.com`)),
      ...NORTHWIND_OWN_MAILBOXES.map((alias) =>
        ownMailbox(northwindRng, alias, 'northwindtraders.com', false),
      ),
      ...unlicensed.map((p) => {
        const target = `${p.alias}@northwindtraders.com`;
        const source = `${p.alias}@contoso.com`;
        return {
          ...mailUser(p, 'northwindtraders.com', source),
          seededFailure: licenceFailureText(source, target),
        };
      }),
    ],
    server: 'DM6PR11A002DC03.NAMPR11A002.PROD.OUTLOOK.COM',
  };

  const fabrikamRng = stream(seed, 6);
  const fabrikamPeople = makePeople(fabrikamRng, FABRIKAM_MAIL_USERS, TYPICAL_FIRST, new Set());
  const fabrikam: Tenant = {
    id: FABRIKAM_TENANT_ID,
    name: 'fabrikam',
    domain: 'fabrikam.onmicrosoft.com',
    displayName: 'Fabrikam Inc',
    role: 'hybrid',
    acceptedDomains: ['fabrikam.com', 'fabrikam.onmicrosoft.com', 'fabrikam.mail.onmicrosoft.com'],
    endpoints: [
      {
        name: 'Fabrikam-Hybrid',
        guid: fabrikamRng.guid(),
        endpointType: 'ExchangeRemoteMove',
        remoteServer: 'mail.fabrikam.com',
        maxConcurrentMigrations: 100,
        maxConcurrentIncrementalSyncs: 20,
      },
    ],
    recipients: fabrikamPeople.map((p) => mailUser(p, 'fabrikam.com', `${p.alias}@onprem.fabrikam.com`)),
    server: 'VI1PR08A004DC02.EURPR08A004.PROD.OUTLOOK.COM',
  };

  return { seed, extraMailUsers, tenants: [contoso, northwind, fabrikam] };
}
