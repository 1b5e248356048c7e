import { scheduleRefusal } from '../engine/batch-actions';
import { invalidBatchState } from '../protocol/cmdlet-error';
import { bindParameters, type Cmdlet, requireBatch } from './cmdlet-context';

const PARAMETERS = [
  'Identity',
  'CompleteAfter',
  'StartAfter',
  'NotificationEmails',
  'ApproveSkippedItems',
  'AutoRetryCount',
  'SyncNow',
  'Update',
  'AllowIncrementalSyncs',
  'BadItemLimit',
  'LargeItemLimit',
  'ReportInterval',
  'Partition',
];

/**
 * Set-MigrationBatch. CompleteAfter makes a synced batch complete by itself once the time has passed
 * (null clears it); StartAfter holds a started batch in Waiting until then.
 */
export const setMigrationBatch: Cmdlet = {
  name: 'Set-MigrationBatch',
  run(context) {
    const p = bindParameters(context, PARAMETERS, ['Identity']);
    const batch = requireBatch(context, p.string('Identity') ?? '');
    const completeAfter = p.dateTime('CompleteAfter');
    const startAfter = p.dateTime('StartAfter');
    if (completeAfter !== undefined || startAfter !== undefined) {
      const refusal = scheduleRefusal(batch);
      if (refusal) throw invalidBatchState(batch.name, 'modified', refusal.refusedIn);
    }
    if (completeAfter !== undefined) batch.completeAfter = completeAfter;
    if (startAfter !== undefined) batch.startAfter = startAfter;
    const emails = p.stringList('NotificationEmails');
    if (emails) batch.notificationEmails = emails;
    if (p.boolean('ApproveSkippedItems')) batch.skippedItemsApproved = true;
    context.state.markDirty();
    return { value: [] };
  },
};
