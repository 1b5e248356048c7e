import { crossTenantPair } from './cross-tenant-pairs';
import { inboundRelationship, sharingRelationship } from './organization-relationships';
import { makePeople } from './people';
import { prngStream } from './prng';
import type { TenantDomains } from './recipients';
import { scopeGroups } from './scope-groups';
import {
  TAILSPIN_SCOPE_GROUP_ID,
  TAILSPIN_TENANT_ID,
  WOODGROVE_CROSS_TENANT_APP_ID,
  WOODGROVE_TENANT_ID,
} from './tenant-ids';
import type { SeededDefect, Tenant } from './world-types';

export const TAILSPIN_MOVERS = 12;

const TAILSPIN: TenantDomains = {
  id: TAILSPIN_TENANT_ID,
  mailDomain: 'tailspintoys.com',
  onMicrosoft: 'tailspintoys.onmicrosoft.com',
};
const WOODGROVE: TenantDomains = {
  id: WOODGROVE_TENANT_ID,
  mailDomain: 'woodgrovebank.com',
  onMicrosoft: 'woodgrovebank.onmicrosoft.com',
  routing: 'woodgrovebank.mail.onmicrosoft.com',
};

/**
 * Tailspin Toys (source) and Woodgrove Bank (target): every pair is correct, but only Woodgrove
 * has set up its side of the organization relationship. Tailspin's one relationship is free/busy
 * sharing with Fabrikam, so no move from Tailspin can start.
 */
export function tailspinAndWoodgrove(seed: number): {
  tailspin: Tenant;
  woodgrove: Tenant;
  defects: SeededDefect[];
} {
  const people = makePeople(prngStream(seed, 7), TAILSPIN_MOVERS, TAILSPIN_MOVERS, new Set());
  const pairs = people.map((p) => crossTenantPair(TAILSPIN, 'Tailspin', WOODGROVE, p));
  const movers = pairs.map((p) => p.source);
  const tailspin: Tenant = {
    id: TAILSPIN_TENANT_ID,
    name: 'tailspintoys',
    domain: TAILSPIN.onMicrosoft,
    displayName: 'Tailspin Toys',
    role: 'source',
    acceptedDomains: ['tailspintoys.com', 'tailspintoys.onmicrosoft.com'],
    endpoints: [],
    recipients: movers,
    organizationRelationships: [sharingRelationship('Fabrikam Inc (free/busy)', ['fabrikam.com'])],
    groups: scopeGroups(
      {
        name: 'Tailspin-Migration-Scope',
        objectId: TAILSPIN_SCOPE_GROUP_ID,
        mail: 'migration-scope@tailspintoys.com',
      },
      movers,
    ),
    server: 'DB8PR02A006DC05.EURPR02A006.PROD.OUTLOOK.COM',
  };
  const woodgrove: Tenant = {
    id: WOODGROVE_TENANT_ID,
    name: 'woodgrovebank',
    domain: WOODGROVE.onMicrosoft,
    displayName: 'Woodgrove Bank',
    role: 'target',
    acceptedDomains: [
      'woodgrovebank.com',
      'woodgrovebank.onmicrosoft.com',
      'woodgrovebank.mail.onmicrosoft.com',
    ],
    endpoints: [
      {
        name: 'Tailspin-CrossTenant',
        guid: prngStream(seed, 8).guid(),
        endpointType: 'ExchangeRemoteMove',
        remoteServer: 'outlook.office.com',
        remoteTenant: 'tailspintoys.onmicrosoft.com',
        applicationId: WOODGROVE_CROSS_TENANT_APP_ID,
        maxConcurrentMigrations: 100,
        maxConcurrentIncrementalSyncs: 20,
      },
    ],
    recipients: pairs.map((p) => p.target),
    organizationRelationships: [inboundRelationship('Tailspin Toys (mailbox moves)', TAILSPIN_TENANT_ID)],
    groups: [],
    server: 'SN4PR07A005DC04.NAMPR07A005.PROD.OUTLOOK.COM',
  };
  const defects = woodgrove.recipients.map(
    (r): SeededDefect => ({
      tenant: woodgrove.name,
      email: r.email,
      defect: 'one-sided-organization-relationship',
    }),
  );
  return { tailspin, woodgrove, defects };
}
