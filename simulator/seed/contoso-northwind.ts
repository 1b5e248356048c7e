import { crossTenantPair } from './cross-tenant-pairs';
import { licenceFailureText } from './failure-texts';
import { ENTERPRISE_SKU } from './licences';
import { UNLICENSED_USERS } from './names';
import { inboundRelationship, remoteOutboundRelationship } from './organization-relationships';
import { makeOwnPerson, makePeople, makePerson } from './people';
import { prngStream } from './prng';
import { sharedMailbox, type TenantDomains, userMailbox } from './recipients';
import { scopeGroups } from './scope-groups';
import { seedDefects } from './seeded-defects';
import {
  CONTOSO_SCOPE_GROUP_ID,
  CONTOSO_SCOPE_NESTED_GROUP_ID,
  CONTOSO_TENANT_ID,
  CROSS_TENANT_APP_ID,
  NORTHWIND_TENANT_ID,
} from './tenant-ids';
import type { SeededDefect, Tenant } from './world-types';

/** Contoso user mailboxes before the unlicensed ones (which come last). */
export const CONTOSO_REGULAR_USERS = 317;
/** The first users of each list get everyday sizes so demos of the first N users are quick. */
export const TYPICAL_FIRST = 30;
export const CONTOSO_SCOPE_GROUP = 'Contoso-Migration-Scope';

const SHARED_MAILBOXES = ['info', 'sales', 'support', 'hr', 'finance'] as const;
const NORTHWIND_OWN_MAILBOXES = ['admin', 'it.helpdesk', 'reception', 'hannah.cole', 'owen.price'] as const;

const CONTOSO: TenantDomains = {
  id: CONTOSO_TENANT_ID,
  mailDomain: 'contoso.com',
  onMicrosoft: 'contoso.onmicrosoft.com',
};
const NORTHWIND: TenantDomains = {
  id: NORTHWIND_TENANT_ID,
  mailDomain: 'northwindtraders.com',
  onMicrosoft: 'northwindtraders.onmicrosoft.com',
  routing: 'northwindtraders.mail.onmicrosoft.com',
};

/**
 * Contoso (the source) and Northwind (the target): one correct pair per mover, the seeded defects
 * on pairs from position 100 on, and the unlicensed users last in both lists.
 */
export function contosoAndNorthwind(
  seed: number,
  extraMailUsers: number,
): { contoso: Tenant; northwind: Tenant; defects: SeededDefect[] } {
  const taken = new Set<string>(UNLICENSED_USERS.map((u) => `${u.first}.${u.last}`));
  const regular = makePeople(prngStream(seed, 1), CONTOSO_REGULAR_USERS, TYPICAL_FIRST, taken);
  const unlicensedTaken = new Set<string>();
  const unlicensedRng = prngStream(seed, 3);
  const unlicensedPeople = UNLICENSED_USERS.map((u) =>
    makePerson(unlicensedRng, u.first, u.last, true, unlicensedTaken),
  );
  const extras = makePeople(prngStream(seed, 2), extraMailUsers, 0, taken);
  const toPair = (p: (typeof regular)[number]) => crossTenantPair(CONTOSO, 'Contoso', NORTHWIND, p);
  const movers = [...regular, ...extras].map(toPair);
  const unlicensed = unlicensedPeople.map(toPair);
  for (const { source, target } of unlicensed) {
    target.seededFailure = licenceFailureText(source.email, target.email);
  }
  const defects = seedDefects('northwindtraders', movers, unlicensed);
  const contosoMovers = [...movers, ...unlicensed].map((p) => p.source);

  const contosoRng = prngStream(seed, 4);
  const contoso: Tenant = {
    id: CONTOSO_TENANT_ID,
    name: 'contoso',
    domain: CONTOSO.onMicrosoft,
    displayName: 'Contoso Ltd',
    role: 'source',
    acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
    endpoints: [],
    recipients: [
      ...contosoMovers,
      ...SHARED_MAILBOXES.map((alias) => sharedMailbox(CONTOSO, makeOwnPerson(contosoRng, alias))),
    ],
    organizationRelationships: [
      remoteOutboundRelationship(
        'Northwind Traders (mailbox moves)',
        NORTHWIND_TENANT_ID,
        CROSS_TENANT_APP_ID,
        [CONTOSO_SCOPE_GROUP],
      ),
    ],
    groups: scopeGroups(
      {
        name: CONTOSO_SCOPE_GROUP,
        objectId: CONTOSO_SCOPE_GROUP_ID,
        mail: 'contoso-migration-scope@contoso.com',
        nested: {
          name: 'Contoso-Migration-Scope-Wave-2',
          objectId: CONTOSO_SCOPE_NESTED_GROUP_ID,
          mail: 'contoso-migration-scope-wave-2@contoso.com',
        },
      },
      contosoMovers,
    ),
    server: 'AM6PR04A003DC01.EURPR04A003.PROD.OUTLOOK.COM',
  };

  const northwindRng = prngStream(seed, 5);
  const northwind: Tenant = {
    id: NORTHWIND_TENANT_ID,
    name: 'northwindtraders',
    domain: NORTHWIND.onMicrosoft,
    displayName: 'Northwind Traders',
    role: 'target',
    acceptedDomains: [
      'northwindtraders.com',
      'northwindtraders.onmicrosoft.com',
      'northwindtraders.mail.onmicrosoft.com',
    ],
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
      ...movers.map((p) => p.target),
      ...NORTHWIND_OWN_MAILBOXES.map((alias) =>
        userMailbox(NORTHWIND, makeOwnPerson(northwindRng, alias), [ENTERPRISE_SKU]),
      ),
      ...unlicensed.map((p) => p.target),
    ],
    organizationRelationships: [inboundRelationship('Contoso Ltd (mailbox moves)', CONTOSO_TENANT_ID)],
    groups: [],
    server: 'DM6PR11A002DC03.NAMPR11A002.PROD.OUTLOOK.COM',
  };
  return { contoso, northwind, defects };
}
