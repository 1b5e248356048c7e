import { seedMigrationWiz } from '../migrationwiz/seed-worlds';
import { ENTERPRISE_SKU } from './licences';
import { contosoAndNorthwind, TYPICAL_FIRST } from './contoso-northwind';
import { makePeople } from './people';
import { prngStream } from './prng';
import { mailUser, type TenantDomains } from './recipients';
import { tailspinAndWoodgrove } from './tailspin-woodgrove';
import { DEFAULT_SEED, FABRIKAM_TENANT_ID } from './tenant-ids';
import { DEFECT_KINDS, type Tenant, type World } from './world-types';
import { hosterWorld } from './hoster';
import { adatum } from './adatum';

export { CONTOSO_REGULAR_USERS } from './contoso-northwind';
export const FABRIKAM_MAIL_USERS = 60;

const FABRIKAM: TenantDomains = {
  id: FABRIKAM_TENANT_ID,
  mailDomain: 'fabrikam.com',
  onMicrosoft: 'fabrikam.onmicrosoft.com',
  routing: 'fabrikam.mail.onmicrosoft.com',
};

/** Fabrikam's hybrid: MailUsers in the cloud whose mailboxes are still on premises. */
function fabrikam(seed: number): Tenant {
  const rng = prngStream(seed, 6);
  const people = makePeople(rng, FABRIKAM_MAIL_USERS, TYPICAL_FIRST, new Set());
  return {
    id: FABRIKAM_TENANT_ID,
    name: 'fabrikam',
    domain: FABRIKAM.onMicrosoft,
    displayName: 'Fabrikam Inc',
    role: 'hybrid',
    acceptedDomains: ['fabrikam.com', 'fabrikam.onmicrosoft.com', 'fabrikam.mail.onmicrosoft.com'],
    endpoints: [
      {
        name: 'Fabrikam-Hybrid',
        guid: rng.guid(),
        endpointType: 'ExchangeRemoteMove',
        remoteServer: 'mail.fabrikam.com',
        maxConcurrentMigrations: 100,
        maxConcurrentIncrementalSyncs: 20,
      },
    ],
    recipients: people.map((p) => mailUser(FABRIKAM, p, `${p.alias}@onprem.fabrikam.com`, [ENTERPRISE_SKU])),
    organizationRelationships: [],
    groups: [],
    server: 'VI1PR08A004DC02.EURPR08A004.PROD.OUTLOOK.COM',
  };
}

export interface SeedOptions {
  seed?: number;
  /** Extra Contoso mailbox / Northwind MailUser pairs, placed before the unlicensed users. */
  extraMailUsers?: number;
  /** Extra MigrationWiz pairs `bulk<n>@fabrikam.com` -> `bulk<n>@contoso.onmicrosoft.com`. */
  mwzExtraMailboxes?: number;
}

/**
 * The seeded demo directory; the first three tenants keep their order (tooling relies on it). The
 * MigrationWiz worlds' tenants come last.
 */
export function seedWorld(options: SeedOptions = {}): World {
  const seed = options.seed ?? DEFAULT_SEED;
  const extraMailUsers = options.extraMailUsers ?? 0;
  const { contoso, northwind, defects: northwindDefects } = contosoAndNorthwind(seed, extraMailUsers);
  const { tailspin, woodgrove, defects: woodgroveDefects } = tailspinAndWoodgrove(seed);
  const defects = [...northwindDefects, ...woodgroveDefects].sort(
    (a, b) => DEFECT_KINDS.indexOf(a.defect) - DEFECT_KINDS.indexOf(b.defect),
  );
  const fabrikamTenant = fabrikam(seed);
  const mwzExtraMailboxes = options.mwzExtraMailboxes ?? 0;
  const mwz = seedMigrationWiz(seed, fabrikamTenant.recipients, mwzExtraMailboxes);
  const hoster = hosterWorld(seed);
  return {
    seed,
    extraMailUsers,
    tenants: [
      contoso,
      northwind,
      fabrikamTenant,
      tailspin,
      woodgrove,
      ...mwz.tenants,
      ...hoster.tenants,
      adatum(seed),
    ],
    defects,
    mwzExtraMailboxes,
    migrationWiz: mwz.world,
    hoster: hoster.world,
  };
}
