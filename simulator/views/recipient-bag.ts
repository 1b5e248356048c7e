import { EMPTY_GUID } from '../seed/directory-attributes';
import { BagBuilder } from '../protocol/property-bag';
import type { Recipient } from '../seed/world-types';

/** The properties Get-Mailbox and Get-MailUser share. Identity and Name are the alias, as in Exchange. */
export function recipientBag(recipient: Recipient): BagBuilder {
  return new BagBuilder()
    .set('Identity', recipient.alias)
    .set('Name', recipient.alias)
    .set('DisplayName', recipient.displayName)
    .set('Alias', recipient.alias)
    .set('PrimarySmtpAddress', recipient.email)
    .set('UserPrincipalName', recipient.userPrincipalName)
    .set('RecipientTypeDetails', recipient.recipientTypeDetails)
    .set('ExternalDirectoryObjectId', recipient.objectId)
    .guid('ExchangeGuid', recipient.exchangeGuid)
    .guid('ArchiveGuid', recipient.archiveGuid ?? EMPTY_GUID)
    .set('LegacyExchangeDN', recipient.legacyExchangeDN)
    .strings('EmailAddresses', recipient.emailAddresses);
}
