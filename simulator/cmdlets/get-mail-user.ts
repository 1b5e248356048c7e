import { mailUserView } from '../views/mail-user-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';
import { selectRecipients } from './recipient-lookup';

/** Get-MailUser: the tenant's MailUsers, one by Identity or all, paged with ResultSize. */
export const getMailUser: Cmdlet = {
  name: 'Get-MailUser',
  run(context) {
    const p = bindParameters(context, ['Identity', 'ResultSize']);
    const mailUsers = selectRecipients(context, p, (r) => r.recipientType === 'MailUser');
    return { value: mailUsers.map(mailUserView), resultSize: p.resultSize() };
  },
};
