import { invalidArgument } from '../protocol/cmdlet-error';
import { MAILBOX_TYPE_DETAILS, matchEnum } from '../protocol/exchange-enums';
import type { CmdletParameters } from '../protocol/cmdlet-parameters';
import { mailboxView } from '../views/mailbox-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';
import { selectRecipients } from './recipient-lookup';

/** RecipientTypeDetails takes one value or several (an array or a comma-separated string). */
function typeFilter(p: CmdletParameters): Set<string> | undefined {
  const values = p.stringList('RecipientTypeDetails');
  if (values === undefined) return undefined;
  return new Set(
    values.map((value) => {
      const match = matchEnum(MAILBOX_TYPE_DETAILS, value);
      if (!match) {
        throw invalidArgument(
          'RecipientTypeDetails',
          `Cannot convert value "${value}" to type "Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails".`,
        );
      }
      return match;
    }),
  );
}

/** Get-Mailbox: the tenant's mailboxes (never its MailUsers), one by Identity or all, paged with ResultSize. */
export const getMailbox: Cmdlet = {
  name: 'Get-Mailbox',
  run(context) {
    const p = bindParameters(context, ['Identity', 'ResultSize', 'RecipientTypeDetails']);
    const types = typeFilter(p);
    const mailboxes = selectRecipients(
      context,
      p,
      (r) => r.recipientType === 'Mailbox' && (types === undefined || types.has(r.recipientTypeDetails)),
    );
    return { value: mailboxes.map((m) => mailboxView(context.tenant, m)), resultSize: p.resultSize() };
  },
};
