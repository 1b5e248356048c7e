import { createPrng, hashString, type Prng } from './prng';
import type { RecipientHolds } from './world-types';

/**
 * Directory attributes derived from a recipient's tenant and address alone, never from the order in
 * which recipients are generated: adding users (extraMailUsers) leaves everyone else's values alone.
 */

const EXCHANGE_LABS_DN = '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** A generator private to one attribute of one recipient. */
export function recipientPrng(tenantId: string, email: string, attribute: string): Prng {
  return createPrng(hashString(`${tenantId}/${email.toLowerCase()}/${attribute}`));
}

function hex(rng: Prng, length: number): string {
  return Array.from({ length }, () => rng.int(0, 15).toString(16)).join('');
}

/** `/o=ExchangeLabs/.../cn=Recipients/cn=<32 hex>-<alias>`, as Exchange Online stamps it. */
export function legacyExchangeDN(tenantId: string, email: string, alias: string): string {
  return `${EXCHANGE_LABS_DN}/cn=${hex(recipientPrng(tenantId, email, 'legacyDN'), 32)}-${alias}`;
}

export function objectIdFor(tenantId: string, email: string): string {
  return recipientPrng(tenantId, email, 'objectId').guid();
}

export function primaryProxy(address: string): string {
  return `SMTP:${address}`;
}

export function secondaryProxy(address: string): string {
  return `smtp:${address}`;
}

export function x500Proxy(dn: string): string {
  return `x500:${dn}`;
}

export function noHolds(): RecipientHolds {
  return {
    litigationHoldEnabled: false,
    inPlaceHolds: [],
    complianceTagHoldApplied: false,
    delayHoldApplied: false,
    delayReleaseHoldApplied: false,
  };
}

/** An in-place hold id as Get-Mailbox lists it: `mbx` and a GUID without dashes, then the action. */
export function inPlaceHoldId(tenantId: string, email: string): string {
  return `mbx${recipientPrng(tenantId, email, 'hold').guid().replaceAll('-', '')}:1`;
}
