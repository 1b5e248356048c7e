import { completeBatch, removalRefusal, startBatch, stopBatch } from '../engine/batch-actions';
import { invalidBatchState } from '../protocol/cmdlet-error';
import { revalidateUser } from '../state/migration-user-factory';
import { revalidateStagedUser } from '../staged/new-staged-batch';
import { isStaged } from '../engine/user-transitions';
import { bindParameters, type Cmdlet, requireBatch } from './cmdlet-context';

/**
 * Start-, Stop-, Complete- and Remove-MigrationBatch. Each needs an Identity, changes the batch at
 * the current time and returns no objects, like Exchange.
 */

export const startMigrationBatch: Cmdlet = {
  name: 'Start-MigrationBatch',
  run(context) {
    const p = bindParameters(context, ['Identity', 'Validate', 'Partition'], ['Identity']);
    const batch = requireBatch(context, p.string('Identity') ?? '');
    const refusal = startBatch(batch, context.now, (user) =>
      isStaged(batch) ? revalidateStagedUser(context, user) : revalidateUser(context.tenant, user),
    );
    if (refusal) throw invalidBatchState(batch.name, 'started', refusal.refusedIn);
    context.state.markDirty();
    return { value: [] };
  },
};

export const stopMigrationBatch: Cmdlet = {
  name: 'Stop-MigrationBatch',
  run(context) {
    const p = bindParameters(context, ['Identity', 'Partition'], ['Identity']);
    const batch = requireBatch(context, p.string('Identity') ?? '');
    const refusal = stopBatch(batch, context.now, context.state.speed);
    if (refusal) throw invalidBatchState(batch.name, 'stopped', refusal.refusedIn);
    context.state.markDirty();
    return { value: [] };
  },
};

export const completeMigrationBatch: Cmdlet = {
  name: 'Complete-MigrationBatch',
  run(context) {
    const p = bindParameters(
      context,
      ['Identity', 'NotificationEmails', 'SyncAndComplete', 'Partition'],
      ['Identity'],
    );
    const batch = requireBatch(context, p.string('Identity') ?? '');
    const refusal = completeBatch(batch, context.now);
    if (refusal) throw invalidBatchState(batch.name, 'completed', refusal.refusedIn);
    const emails = p.stringList('NotificationEmails');
    if (emails) batch.notificationEmails = emails;
    context.state.markDirty();
    return { value: [] };
  },
};

export const removeMigrationBatch: Cmdlet = {
  name: 'Remove-MigrationBatch',
  run(context) {
    const p = bindParameters(context, ['Identity', 'Force', 'Partition'], ['Identity']);
    const batch = requireBatch(context, p.string('Identity') ?? '');
    const refusal = removalRefusal(batch);
    if (refusal) throw invalidBatchState(batch.name, 'removed', refusal.refusedIn);
    context.state.removeBatch(batch);
    return { value: [] };
  },
};
