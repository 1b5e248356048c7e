import { directoryUserView } from '../views/directory-user-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';
import { selectRecipients } from './recipient-lookup';

/** Get-User: every user account of the tenant, mailbox or MailUser, one by Identity or all. */
export const getUser: Cmdlet = {
  name: 'Get-User',
  run(context) {
    const p = bindParameters(context, ['Identity', 'ResultSize']);
    const users = selectRecipients(context, p, () => true);
    return { value: users.map(directoryUserView), resultSize: p.resultSize() };
  },
};
