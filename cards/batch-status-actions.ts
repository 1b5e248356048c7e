import { actionRow, executeAction } from './actions';
import type { CardAction } from './types';

/** Which lifecycle buttons the viewer may use now (decided by the caller from role and state). */
export interface BatchActionFlags {
  start?: boolean;
  resume?: boolean;
  stop?: boolean;
  retry?: boolean;
  cutover?: boolean;
  remove?: boolean;
  /** Pass-based engines: the passes that may be submitted now. */
  verify?: boolean;
  prestage?: boolean;
  pass?: boolean;
  retryErrors?: boolean;
}

/**
 * The batch card's buttons, in a fixed order: Refresh and Users always, then Start (or Resume), the
 * passes (Verify, Pre-stage, Full pass, Retry errors), Stop, Cut over, Retry failed and Remove as the
 * flags allow. More than six move the last ones under "More".
 */
export function batchStatusActions(batchId: string, version: number, flags: BatchActionFlags): CardAction[] {
  const ref = { batchId, version };
  const actions: CardAction[] = [
    executeAction('Refresh', 'batch.refresh', ref),
    executeAction('Users', 'batch.users', { batchId, page: 1 }),
  ];
  if (flags.start || flags.resume) {
    actions.push(executeAction(flags.resume ? 'Resume' : 'Start', 'batch.start', ref, 'positive'));
  }
  if (flags.verify) actions.push(executeAction('Verify', 'batch.verify', ref));
  if (flags.prestage) actions.push(executeAction('Pre-stage', 'batch.prestage', ref));
  if (flags.pass) actions.push(executeAction('Full pass', 'batch.pass', ref, 'positive'));
  if (flags.retryErrors) actions.push(executeAction('Retry errors', 'batch.retry-errors', ref));
  if (flags.stop) actions.push(executeAction('Stop', 'batch.stop', ref));
  if (flags.cutover) actions.push(executeAction('Cut over', 'batch.cutover', ref, 'positive'));
  if (flags.retry) actions.push(executeAction('Retry failed', 'batch.retry', ref));
  if (flags.remove) actions.push(executeAction('Remove', 'batch.remove', ref, 'destructive'));
  return actionRow(actions);
}
