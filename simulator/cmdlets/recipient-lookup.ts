import { objectNotFound } from '../protocol/cmdlet-error';
import type { CmdletParameters } from '../protocol/cmdlet-parameters';
import type { Recipient } from '../seed/world-types';
import { recipientsNow } from '../staged/recipients-now';
import type { CmdletContext } from './cmdlet-context';

/** Whether Identity names the recipient: its primary SMTP address, UPN, alias, ExchangeGuid or object id. */
export function identityMatches(recipient: Recipient, identity: string): boolean {
  const wanted = identity.trim().toLowerCase();
  return [
    recipient.email,
    recipient.userPrincipalName,
    recipient.alias,
    recipient.exchangeGuid,
    recipient.objectId,
  ].some((value) => value.toLowerCase() === wanted);
}

/**
 * The recipients of the tenant a recipient Get-* returns: those `eligible` for the cmdlet that
 * Identity names (objectNotFound when none), or every eligible one without an Identity, as Exchange does.
 */
export function selectRecipients(
  context: CmdletContext,
  parameters: CmdletParameters,
  eligible: (recipient: Recipient) => boolean,
): Recipient[] {
  const candidates = recipientsNow(context.tenant, context.state).filter(eligible);
  const identity = parameters.string('Identity');
  if (identity === undefined || identity.trim() === '') return candidates;
  const found = candidates.filter((r) => identityMatches(r, identity));
  if (found.length === 0) throw objectNotFound(identity, context.tenant.server);
  return found;
}

/** The one mailbox a mailbox-scoped cmdlet (Get-MailboxPermission) acts on. */
export function requireMailbox(context: CmdletContext, identity: string): Recipient {
  const mailbox = recipientsNow(context.tenant, context.state).find(
    (r) => r.recipientType === 'Mailbox' && identityMatches(r, identity),
  );
  if (!mailbox) throw objectNotFound(identity, context.tenant.server);
  return mailbox;
}
