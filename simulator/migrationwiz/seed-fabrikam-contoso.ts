import { ENTERPRISE_SKU } from '../seed/licences';
import { makeOwnPerson, makePerson, type Person } from '../seed/people';
import { prngStream } from '../seed/prng';
import { type TenantDomains, userMailbox } from '../seed/recipients';
import { CONTOSO_MERGED_TENANT_ID } from '../seed/tenant-ids';
import type { Recipient, Tenant } from '../seed/world-types';
import type { MwzWorkgroup } from './mwz-world';
import { defectAt, sourceMailbox } from './seed-mailboxes';

export const MERGER_ACCOUNT = 'migration@contoso.com';
export const MERGER_WORKGROUP_ID = '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31';
export const MERGER_ORGANIZATION_ID = '6a2e8c4f-1d5b-4f7a-9c3e-5b7d9f1a3c51';
/** Seeded Fabrikam mailboxes moved by the merger project. */
export const MERGER_MAILBOXES = 12;

const MERGED: TenantDomains = {
  id: CONTOSO_MERGED_TENANT_ID,
  mailDomain: 'contoso.onmicrosoft.com',
  onMicrosoft: 'contosomerged.onmicrosoft.com',
};

/**
 * Seed 002: Contoso buys Fabrikam and moves Fabrikam's mailboxes with MigrationWiz. The sources are the
 * first Fabrikam users of the directory (`<alias>@fabrikam.com`); each target mailbox
 * `<alias>@contoso.onmicrosoft.com` already exists in Contoso (kept in a tenant of its own,
 * `contosomerged.onmicrosoft.com`, so that Contoso's own recipients stay as they are). `extra` adds
 * `bulk<n>@fabrikam.com` -> `bulk<n>@contoso.onmicrosoft.com` pairs.
 */
export function fabrikamToContoso(
  seed: number,
  fabrikamUsers: readonly Recipient[],
  extra: number,
): { workgroup: MwzWorkgroup; tenant: Tenant } {
  const movers = fabrikamUsers.slice(0, MERGER_MAILBOXES);
  const workgroup: MwzWorkgroup = {
    id: MERGER_WORKGROUP_ID,
    name: 'Contoso - Fabrikam merger',
    organizationId: MERGER_ORGANIZATION_ID,
    account: MERGER_ACCOUNT,
    sources: new Map(),
    targets: new Set(),
    pairs: [],
  };
  const people: Person[] = [];
  movers.forEach((r, i) => {
    const source = sourceMailbox(r.email, r.displayName, r.sizeBytes, r.itemCount, defectAt(i));
    const person: Person = {
      alias: r.alias,
      displayName: r.displayName,
      sizeBytes: r.sizeBytes,
      itemCount: r.itemCount,
      skippedItemCount: 0,
      exchangeGuid: prngStream(seed, 30 + i).guid(),
    };
    add(workgroup, source.address, `${r.alias}@${MERGED.mailDomain}`, source);
    people.push(person);
  });
  const bulkRng = prngStream(seed, 29);
  for (let n = 1; n <= extra; n++) {
    const person = makePerson(bulkRng, 'bulk', String(n), true, new Set());
    const bulk: Person = { ...person, alias: `bulk${n}`, displayName: `Bulk ${n}` };
    const address = `bulk${n}@fabrikam.com`;
    add(
      workgroup,
      address,
      `bulk${n}@${MERGED.mailDomain}`,
      sourceMailbox(address, bulk.displayName, bulk.sizeBytes, bulk.itemCount),
    );
    people.push(bulk);
  }
  const ownRng = prngStream(seed, 28);
  const tenant: Tenant = {
    id: CONTOSO_MERGED_TENANT_ID,
    name: 'contosomerged',
    domain: MERGED.onMicrosoft,
    displayName: 'Contoso Ltd (merged Fabrikam users)',
    role: 'target',
    acceptedDomains: [MERGED.onMicrosoft],
    endpoints: [],
    recipients: [
      ...people.map((p) => userMailbox(MERGED, p, [ENTERPRISE_SKU])),
      userMailbox(MERGED, makeOwnPerson(ownRng, 'it.helpdesk'), [ENTERPRISE_SKU]),
    ],
    organizationRelationships: [],
    groups: [],
    server: 'AM6PR04A003DC07.EURPR04A003.PROD.OUTLOOK.COM',
  };
  return { workgroup, tenant };
}

export function add(
  workgroup: MwzWorkgroup,
  source: string,
  target: string,
  mailbox: ReturnType<typeof sourceMailbox>,
): void {
  workgroup.sources.set(source.toLowerCase(), mailbox);
  workgroup.targets.add(target.toLowerCase());
  workgroup.pairs.push({ source, target });
}
