import type { PropertyBag } from '../protocol/property-bag';
import type { Recipient } from '../seed/world-types';
import { recipientBag } from './recipient-bag';

/** A MailUser as Get-MailUser returns it; ExternalEmailAddress carries its `SMTP:` prefix. */
export function mailUserView(mailUser: Recipient): PropertyBag {
  const external = mailUser.externalEmailAddress;
  return recipientBag(mailUser)
    .set('ExternalEmailAddress', external ? `SMTP:${external}` : null)
    .build();
}
