import type { PropertyBag } from '../protocol/property-bag';
import type { Recipient } from '../seed/world-types';
import { recipientBag } from './recipient-bag';

/** A MailUser as Get-MailUser returns it; ExternalEmailAddress carries its `SMTP:` prefix. */
export function mailUserView(mailUser: Recipient): PropertyBag {
  const external = mailUser.externalEmailAddress;
  const bag = recipientBag(mailUser).set('ExternalEmailAddress', external ? `SMTP:${external}` : null);
  // Synchronized by Entra Connect from an on-premises OU (the hoster's customers).
  const dn = mailUser.onPremisesDistinguishedName;
  if (dn !== undefined) bag.set('IsDirSynced', true).set('OnPremisesDistinguishedName', dn);
  return bag.build();
}
