import { ENTERPRISE_SKU } from '../seed/licences';
import { makeOwnPerson, makePeople } from '../seed/people';
import { prngStream } from '../seed/prng';
import { type TenantDomains, userMailbox } from '../seed/recipients';
import { LITWARE_TENANT_ID } from '../seed/tenant-ids';
import type { Tenant } from '../seed/world-types';
import type { MwzWorkgroup } from './mwz-world';
import { add } from './seed-fabrikam-contoso';
import { defectAt, sourceMailbox } from './seed-mailboxes';

export const HOSTER_ACCOUNT = 'migration@litware.com';
export const HOSTER_WORKGROUP_ID = '4c9a2e7b-3d1f-4b6a-8e2c-7a5d9f1b3c42';
export const HOSTER_ORGANIZATION_ID = '8e4a0c6f-3b7d-4e1a-b5c9-7d9f1b3e5a52';
export const OLD_HOSTER_URL = 'https://mail.oldhoster.example/EWS/Exchange.asmx';
export const NEW_HOSTER_URL = 'https://mail.newhoster.example/EWS/Exchange.asmx';
export const LITWARE_MAILBOXES = 10;

const LITWARE: TenantDomains = {
  id: LITWARE_TENANT_ID,
  mailDomain: 'litware.com',
  onMicrosoft: 'litware.onmicrosoft.com',
};

/**
 * Seed 004: Litware's mailboxes move from a hosted Exchange 2016 to another hoster's Exchange 2019;
 * every address is the same on both sides. Litware's users are also a Microsoft 365 tenant here
 * (`litware.onmicrosoft.com`, accepted domain `litware.com`) so that notices reach them through Graph.
 */
export function litwareHosterMove(seed: number): { workgroup: MwzWorkgroup; tenant: Tenant } {
  const people = makePeople(prngStream(seed, 31), LITWARE_MAILBOXES, LITWARE_MAILBOXES, new Set());
  const workgroup: MwzWorkgroup = {
    id: HOSTER_WORKGROUP_ID,
    name: 'Litware - hoster move',
    organizationId: HOSTER_ORGANIZATION_ID,
    account: HOSTER_ACCOUNT,
    sourceUrl: OLD_HOSTER_URL,
    targetUrl: NEW_HOSTER_URL,
    sources: new Map(),
    targets: new Set(),
    pairs: [],
  };
  people.forEach((p, i) => {
    const address = `${p.alias}@${LITWARE.mailDomain}`;
    add(
      workgroup,
      address,
      address,
      sourceMailbox(address, p.displayName, p.sizeBytes, p.itemCount, defectAt(i)),
    );
  });
  const tenant: Tenant = {
    id: LITWARE_TENANT_ID,
    name: 'litware',
    domain: LITWARE.onMicrosoft,
    displayName: 'Litware Inc',
    role: 'target',
    acceptedDomains: ['litware.com', 'litware.onmicrosoft.com'],
    endpoints: [],
    recipients: [
      ...people.map((p) => userMailbox(LITWARE, p, [ENTERPRISE_SKU])),
      userMailbox(LITWARE, makeOwnPerson(prngStream(seed, 32), 'it.helpdesk'), [ENTERPRISE_SKU]),
    ],
    organizationRelationships: [],
    groups: [],
    server: 'BN8PR12A004DC02.NAMPR12A004.PROD.OUTLOOK.COM',
  };
  return { workgroup, tenant };
}
