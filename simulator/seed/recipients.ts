import { legacyExchangeDN, noHolds, objectIdFor, primaryProxy, secondaryProxy } from './directory-attributes';
import type { Person } from './people';
import type { Recipient } from './world-types';

/** The domains a tenant stamps on its recipients. */
export interface TenantDomains {
  id: string;
  /** The custom domain of primary addresses, e.g. `contoso.com`. */
  mailDomain: string;
  /** `<name>.onmicrosoft.com`. */
  onMicrosoft: string;
  /** `<name>.mail.onmicrosoft.com`, where the tenant has one. */
  routing?: string;
}

function recipient(tenant: TenantDomains, person: Person): Recipient {
  const email = `${person.alias}@${tenant.mailDomain}`;
  return {
    email,
    alias: person.alias,
    displayName: person.displayName,
    recipientType: 'Mailbox',
    recipientTypeDetails: 'UserMailbox',
    objectId: objectIdFor(tenant.id, email),
    userPrincipalName: email,
    sizeBytes: person.sizeBytes,
    itemCount: person.itemCount,
    skippedItemCount: person.skippedItemCount,
    exchangeGuid: person.exchangeGuid,
    auxArchiveCount: 0,
    legacyExchangeDN: legacyExchangeDN(tenant.id, email, person.alias),
    emailAddresses: [primaryProxy(email), secondaryProxy(`${person.alias}@${tenant.onMicrosoft}`)],
    holds: noHolds(),
    previousRecipientTypeDetails: 'None',
    grantSendOnBehalfTo: [],
    fullAccessGrantedTo: [],
    licences: [],
  };
}

export function userMailbox(tenant: TenantDomains, person: Person, licences: string[]): Recipient {
  return { ...recipient(tenant, person), licences };
}

/** Shared mailboxes need no licence. */
export function sharedMailbox(tenant: TenantDomains, person: Person): Recipient {
  return { ...recipient(tenant, person), recipientTypeDetails: 'SharedMailbox' };
}

/** A MailUser whose mail goes to `external`; it also carries the tenant's routing address. */
export function mailUser(
  tenant: TenantDomains,
  person: Person,
  external: string,
  licences: string[],
): Recipient {
  const base = recipient(tenant, person);
  const routing = tenant.routing ? [secondaryProxy(`${person.alias}@${tenant.routing}`)] : [];
  return {
    ...base,
    recipientType: 'MailUser',
    recipientTypeDetails: 'MailUser',
    emailAddresses: [...base.emailAddresses, ...routing],
    externalEmailAddress: external,
    licences,
  };
}
