import { ENTERPRISE_SKU } from './licences';
import { makePeople } from './people';
import { prngStream } from './prng';
import { mailUser, type TenantDomains } from './recipients';
import type { OrganizationRelationship, Recipient, Tenant } from './world-types';

/**
 * Seed 000: a hoster's one on-premises forest with one OU per customer, each customer its own
 * Microsoft 365 tenant fed by its own Entra Connect server scoped to that OU, with its own hybrid
 * migration endpoint and organization relationship. Seeded on purpose: one user synchronized into
 * another customer's tenant, and one customer whose endpoint does not answer.
 */
export const HOSTER_FOREST = 'hosting.local';
const FOREST_DN = 'DC=hosting,DC=local';

export interface HosterCustomer {
  /** The tenant's short name (the `<name>.onmicrosoft.com` label). */
  name: string;
  displayName: string;
  /** The customer's OU name under OU=Customers. */
  ou: string;
  tenantId: string;
  mailUsers: number;
}

/** The customers, smallest last but one; the big one has 2,000+ users. */
export const HOSTER_CUSTOMERS: readonly HosterCustomer[] = [
  {
    name: 'alpineskihouse',
    displayName: 'Alpine Ski House',
    ou: 'AlpineSkiHouse',
    tenantId: '1a5c7e9b-3d2f-4a6c-8e1b-5d7f9a1c3e21',
    mailUsers: 120,
  },
  {
    name: 'cohowinery',
    displayName: 'Coho Winery',
    ou: 'CohoWinery',
    tenantId: '2b6d8f0c-4e3a-4b7d-9f2c-6e8a0b2d4f22',
    mailUsers: 40,
  },
  {
    name: 'proseware',
    displayName: 'Proseware',
    ou: 'Proseware',
    tenantId: '3c7e9a1d-5f4b-4c8e-a03d-7f9b1c3e5a23',
    mailUsers: 12,
  },
  {
    name: 'wideworldimporters',
    displayName: 'Wide World Importers',
    ou: 'WideWorldImporters',
    tenantId: '4d8f0b2e-6a5c-4d9f-b14e-8a0c2d4f6b24',
    mailUsers: 2_400,
  },
];

/** The customer whose hybrid endpoint does not answer (its on-premises MRS proxy is unreachable). */
export const HOSTER_ENDPOINT_DOWN = 'proseware';
/** The tenant a user of another customer was synchronized into, and that customer. */
export const HOSTER_MISSYNC = { tenant: 'alpineskihouse', ownerOu: 'CohoWinery', position: 20 } as const;

/** The Entra Connect scope of a customer: its OU's distinguished name. */
export function customerOuDn(ou: string): string {
  return `OU=${ou},OU=Customers,${FOREST_DN}`;
}

/** What GET /_simulator/hoster lists: the forest, each customer's scope and the seeded defects. */
export interface HosterWorld {
  forest: string;
  customers: {
    name: string;
    tenantId: string;
    displayName: string;
    scopeOu: string;
    endpoint: string;
    mailUsers: number;
    endpointAnswers: boolean;
  }[];
  defects: (
    | {
        kind: 'synchronized-into-wrong-tenant';
        tenant: string;
        email: string;
        onPremisesDistinguishedName: string;
      }
    | { kind: 'endpoint-not-answering'; tenant: string; endpoint: string }
  )[];
}

function domains(customer: HosterCustomer): TenantDomains {
  return {
    id: customer.tenantId,
    mailDomain: `${customer.name}.com`,
    onMicrosoft: `${customer.name}.onmicrosoft.com`,
    routing: `${customer.name}.mail.onmicrosoft.com`,
  };
}

function endpointName(customer: HosterCustomer): string {
  return `${customer.ou}-Hybrid`;
}

/** The relationship the Hybrid Configuration Wizard leaves in the tenant: free/busy with on premises. */
function hybridRelationship(customer: HosterCustomer): OrganizationRelationship {
  return {
    name: `O365 to On-premises - ${customer.ou}`,
    domainNames: [`${customer.name}.com`, `onprem.${customer.name}.com`],
    enabled: true,
    mailboxMoveEnabled: false,
    mailboxMoveCapability: 'None',
    mailboxMovePublishedScopes: [],
  };
}

function customerTenant(seed: number, customer: HosterCustomer, index: number): Tenant {
  const tenant = domains(customer);
  const rng = prngStream(seed, 100 + index);
  const people = makePeople(rng, customer.mailUsers, Math.min(30, customer.mailUsers), new Set());
  const scope = customerOuDn(customer.ou);
  const recipients: Recipient[] = people.map((p) => ({
    ...mailUser(tenant, p, `${p.alias}@onprem.${customer.name}.com`, [ENTERPRISE_SKU]),
    onPremisesDistinguishedName: `CN=${p.displayName},OU=Users,${scope}`,
  }));
  if (customer.name === HOSTER_MISSYNC.tenant) {
    const wrong = recipients[HOSTER_MISSYNC.position]!;
    wrong.onPremisesDistinguishedName = `CN=${wrong.displayName},OU=Users,${customerOuDn(HOSTER_MISSYNC.ownerOu)}`;
  }
  return {
    id: customer.tenantId,
    name: customer.name,
    domain: tenant.onMicrosoft,
    displayName: customer.displayName,
    role: 'hybrid',
    acceptedDomains: [tenant.mailDomain, tenant.onMicrosoft, tenant.routing!],
    endpoints: [
      {
        name: endpointName(customer),
        guid: rng.guid(),
        endpointType: 'ExchangeRemoteMove',
        remoteServer: `mrs.${customer.name}.${HOSTER_FOREST}`,
        maxConcurrentMigrations: 100,
        maxConcurrentIncrementalSyncs: 20,
        ...(customer.name === HOSTER_ENDPOINT_DOWN ? { unreachable: true } : {}),
      },
    ],
    recipients,
    organizationRelationships: [hybridRelationship(customer)],
    groups: [],
    server: `HS${index + 1}PR01A00${index + 1}DC01.HOSTPR01A00${index + 1}.PROD.OUTLOOK.COM`,
    onPremisesScope: scope,
  };
}

/** The hoster's customer tenants (appended after every other tenant) and the listing of the world. */
export function hosterWorld(seed: number): { tenants: Tenant[]; world: HosterWorld } {
  const tenants = HOSTER_CUSTOMERS.map((c, i) => customerTenant(seed, c, i));
  const missynced = tenants.find((t) => t.name === HOSTER_MISSYNC.tenant)!.recipients[
    HOSTER_MISSYNC.position
  ]!;
  return {
    tenants,
    world: {
      forest: HOSTER_FOREST,
      customers: HOSTER_CUSTOMERS.map((c) => ({
        name: c.name,
        tenantId: c.tenantId,
        displayName: c.displayName,
        scopeOu: customerOuDn(c.ou),
        endpoint: endpointName(c),
        mailUsers: c.mailUsers,
        endpointAnswers: c.name !== HOSTER_ENDPOINT_DOWN,
      })),
      defects: [
        {
          kind: 'synchronized-into-wrong-tenant',
          tenant: HOSTER_MISSYNC.tenant,
          email: missynced.email,
          onPremisesDistinguishedName: missynced.onPremisesDistinguishedName!,
        },
        {
          kind: 'endpoint-not-answering',
          tenant: HOSTER_ENDPOINT_DOWN,
          endpoint: endpointName(HOSTER_CUSTOMERS.find((c) => c.name === HOSTER_ENDPOINT_DOWN)!),
        },
      ],
    },
  };
}
