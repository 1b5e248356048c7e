import type { PropertyBag } from '../protocol/property-bag';
import { recipientPrng } from '../seed/directory-attributes';
import type { Recipient, Tenant } from '../seed/world-types';
import { recipientBag } from './recipient-bag';

/**
 * MailboxLocations: `<version>;<mailbox guid>;<type>;<tenant>;<database guid>` for the primary
 * mailbox, the main archive and each auxiliary archive.
 */
function mailboxLocations(tenant: Tenant, mailbox: Recipient): string[] {
  const rng = recipientPrng(tenant.id, mailbox.email, 'locations');
  const location = (guid: string, type: string) => `1;${guid};${type};${tenant.domain};${rng.guid()}`;
  const locations = [location(mailbox.exchangeGuid, 'Primary')];
  if (mailbox.archiveGuid) locations.push(location(mailbox.archiveGuid, 'MainArchive'));
  for (let i = 0; i < mailbox.auxArchiveCount; i++) locations.push(location(rng.guid(), 'AuxArchive'));
  return locations;
}

/** A mailbox as Get-Mailbox returns it. */
export function mailboxView(tenant: Tenant, mailbox: Recipient): PropertyBag {
  const { holds } = mailbox;
  return recipientBag(mailbox)
    .set('ArchiveStatus', mailbox.archiveGuid ? 'Active' : 'None')
    .set('LitigationHoldEnabled', holds.litigationHoldEnabled)
    .strings('InPlaceHolds', holds.inPlaceHolds)
    .set('ComplianceTagHoldApplied', holds.complianceTagHoldApplied)
    .set('DelayHoldApplied', holds.delayHoldApplied)
    .set('DelayReleaseHoldApplied', holds.delayReleaseHoldApplied)
    .strings('GrantSendOnBehalfTo', mailbox.grantSendOnBehalfTo)
    .strings('MailboxLocations', mailboxLocations(tenant, mailbox))
    .build();
}
