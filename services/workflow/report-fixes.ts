/**
 * The suggested fix for a user's migration error, as the staged migration's error report gives one for
 * each row: matched on the exception name or words Exchange (or the engine) uses, most specific first.
 * An error no rule knows gets the general advice, never nothing.
 */
const RULES: { match: RegExp; fix: string }[] = [
  {
    match: /mail-enabled user|MigrationRecipientNotFound|recipient wasn't found|recipient was not found/i,
    fix: 'Create the mail-enabled user (MailUser) in the cloud, or let directory synchronization create it, then retry the user.',
  },
  {
    match: /already has a primary mailbox|already has a mailbox/i,
    fix: 'The target already has a mailbox: remove it or convert it to a mail user, then retry.',
  },
  {
    match: /license|licence/i,
    fix: 'Assign the migration licence (and an Exchange Online licence) to the user, then retry.',
  },
  {
    match: /ExchangeGuid|MailboxGuid/i,
    fix: "Copy the source mailbox's ExchangeGuid onto the target mail user, then retry.",
  },
  {
    match: /x500|LegacyExchangeDN/i,
    fix: "Add the source mailbox's LegacyExchangeDN as an x500 proxy address on the target, then retry.",
  },
  {
    match: /proxy address|ProxyAddress|address is already/i,
    fix: 'Remove the conflicting proxy address from the other recipient, then retry.',
  },
  {
    match: /quota|too large|size limit|exceeds the/i,
    fix: "Raise the target's quota or clean up the source mailbox, then retry.",
  },
  {
    match: /access.*denied|permission|FullAccess|unauthori[sz]ed|credential|logon failure|password/i,
    fix: 'Give the migration account Full Access to the mailbox (and check its credentials), then retry.',
  },
  {
    match: /TargetAddress|forwarding/i,
    fix: 'Mail forwarding could not be set on the on-premises mailbox: check the migration account can write TargetAddress, then run the batch again.',
  },
  {
    match: /transient|timeout|timed out|throttl|temporar|busy|try again later/i,
    fix: 'A temporary problem: retry the failed users (batch retry).',
  },
  {
    match: /corrupt|bad item|skipped item/i,
    fix: 'Approve the skipped items or raise the bad item limit, then retry.',
  },
];

export const GENERAL_FIX =
  "Read the user's error (user <email>), fix what it names, then retry the failed users (batch retry).";

export function suggestedFix(error: string | undefined): string {
  if (!error) return GENERAL_FIX;
  return RULES.find((rule) => rule.match.test(error))?.fix ?? GENERAL_FIX;
}
