import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { Recipient } from '../seed/world-types';

/** A recipient as Get-User returns it: the user account, whatever its mail type. */
export function directoryUserView(recipient: Recipient): PropertyBag {
  return new BagBuilder()
    .set('Identity', recipient.alias)
    .set('Name', recipient.alias)
    .set('DisplayName', recipient.displayName)
    .set('UserPrincipalName', recipient.userPrincipalName)
    .set('RecipientTypeDetails', recipient.recipientTypeDetails)
    .set('PreviousRecipientTypeDetails', recipient.previousRecipientTypeDetails)
    .set('ExternalDirectoryObjectId', recipient.objectId)
    .build();
}
