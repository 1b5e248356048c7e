import { deriveBatchStatus } from '../engine/batch-status';
import { EXCHANGE_BATCH_STATUSES } from '../protocol/exchange-enums';
import { batchView } from '../views/batch-view';
import { bindParameters, type Cmdlet, enumParameter, requireBatch } from './cmdlet-context';

const PARAMETERS = [
  'Identity',
  'Status',
  'Endpoint',
  'ResultSize',
  'IncludeReport',
  'DiagnosticInfo',
  'Partition',
];

/** Get-MigrationBatch: one batch by Identity, or all of them (optionally filtered) without it. */
export const getMigrationBatch: Cmdlet = {
  name: 'Get-MigrationBatch',
  run(context) {
    const p = bindParameters(context, PARAMETERS);
    const identity = p.string('Identity');
    if (identity !== undefined && identity !== '')
      return { value: [batchView(requireBatch(context, identity))] };
    const status = enumParameter(p, 'Status', EXCHANGE_BATCH_STATUSES, 'MigrationBatchStatus');
    const endpoint = p.string('Endpoint')?.toLowerCase();
    const batches = context.state
      .batchesOf(context.tenant.id)
      .filter((b) => status === undefined || deriveBatchStatus(b) === status)
      .filter((b) => endpoint === undefined || b.sourceEndpoint.toLowerCase() === endpoint);
    return { value: batches.map(batchView), resultSize: p.resultSize() };
  },
};
