import { userStatusSummary } from '../engine/batch-status';
import { objectNotFound } from '../protocol/cmdlet-error';
import { EXCHANGE_STATUS_SUMMARIES, EXCHANGE_USER_STATUSES } from '../protocol/exchange-enums';
import { userView } from '../views/user-view';
import { bindParameters, type Cmdlet, enumParameter, requireBatch } from './cmdlet-context';

const PARAMETERS = [
  'Identity',
  'BatchId',
  'Status',
  'StatusSummary',
  'EmailAddress',
  'MailboxGuid',
  'ResultSize',
  'Partition',
];

/** Get-MigrationUser: one user by Identity (email), or every user, filtered by batch and status. */
export const getMigrationUser: Cmdlet = {
  name: 'Get-MigrationUser',
  run(context) {
    const { state, tenant } = context;
    const p = bindParameters(context, PARAMETERS);
    const identity = p.string('Identity');
    if (identity !== undefined && identity !== '') {
      const match = state.findUser(tenant.id, identity);
      if (!match) throw objectNotFound(identity, tenant.server);
      return { value: [userView(match.batch, match.user)] };
    }
    const batchId = p.string('BatchId');
    const batch = batchId !== undefined && batchId !== '' ? requireBatch(context, batchId) : undefined;
    const status = enumParameter(p, 'Status', EXCHANGE_USER_STATUSES, 'MigrationUserStatus');
    const summary = enumParameter(
      p,
      'StatusSummary',
      EXCHANGE_STATUS_SUMMARIES,
      'MigrationUserStatusSummary',
    );
    const email = p.string('EmailAddress')?.toLowerCase();
    const guid = p.string('MailboxGuid')?.toLowerCase();
    const matches = state
      .usersOf(tenant.id)
      .filter((m) => batch === undefined || m.batch === batch)
      .filter((m) => status === undefined || m.user.status === status)
      .filter((m) => summary === undefined || userStatusSummary(m.user) === summary)
      .filter((m) => email === undefined || m.user.email.toLowerCase() === email)
      .filter((m) => guid === undefined || m.user.mailboxGuid === guid);
    return { value: matches.map((m) => userView(m.batch, m.user)), resultSize: p.resultSize() };
  },
};
