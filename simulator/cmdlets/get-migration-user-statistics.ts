import { objectNotFound } from '../protocol/cmdlet-error';
import { statisticsView } from '../views/statistics-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';

const PARAMETERS = [
  'Identity',
  'IncludeSkippedItems',
  'LimitSkippedItemsTo',
  'IncludeReport',
  'SkipSubscription',
  'DiagnosticInfo',
  'Diagnostic',
  'Partition',
];

/** Get-MigrationUserStatistics: progress of one user; without Identity, of every user (Exchange does the same). */
export const getMigrationUserStatistics: Cmdlet = {
  name: 'Get-MigrationUserStatistics',
  run(context) {
    const { state, tenant, now } = context;
    const p = bindParameters(context, PARAMETERS);
    const identity = p.string('Identity');
    if (identity !== undefined && identity !== '') {
      const match = state.findUser(tenant.id, identity);
      if (!match) throw objectNotFound(identity, tenant.server);
      return { value: [statisticsView(match.batch, match.user, now, state.speed)] };
    }
    return {
      value: state.usersOf(tenant.id).map((m) => statisticsView(m.batch, m.user, now, state.speed)),
    };
  },
};
