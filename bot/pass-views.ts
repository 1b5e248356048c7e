import type { BatchStatusView } from '../cards';
import { type Batch, capabilitiesOf } from '../services/model/batch';
import type { PassStatus, PassType, ProviderPass } from '../services/providers/migration-provider';
import { FULL_PASS_WAITS_FOR, stepSummary } from '../services/runbooks/definitions';

/** What each pass is called on cards and in replies. */
export const PASS_WORDS: Record<PassType, string> = {
  verify: 'Verify credentials',
  prestage: 'Pre-stage',
  full: 'Full (delta)',
  repair: 'Retry errors',
};

const PASS_STATUS_WORDS: Record<PassStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  'waiting-for-user': 'Waiting for the user',
  stopping: 'Stopping',
  stopped: 'Stopped',
  completed: 'Completed',
  'completed-with-errors': 'Completed with errors',
  failed: 'Failed',
};

/** One pass on a user card: its name, its status (with the engine's own word when it says more). */
export function passLine(pass: ProviderPass) {
  const words = PASS_STATUS_WORDS[pass.status];
  const engine = pass.engineStatus && pass.engineStatus !== words ? ` (${pass.engineStatus})` : '';
  const type =
    pass.type === 'prestage' && pass.itemsBefore
      ? `${PASS_WORDS.prestage}, mail before ${pass.itemsBefore.slice(0, 10)}`
      : PASS_WORDS[pass.type];
  return {
    type,
    status: `${words}${engine}`,
    submittedAt: pass.submittedAt,
    completedAt: pass.completedAt,
    failure: pass.failureMessage,
  };
}

/** The step after the batch's last pass, as the seeds order them (verify, pre-stage, MX switch, full, retry). */
function nextStep(batch: Batch): string | undefined {
  if (batch.pending || batch.awaiting) return undefined;
  const done = batch.passes?.done ?? [];
  const failures = batch.summary?.failureCount ?? 0;
  switch (batch.state) {
    case 'Created':
      if (!done.includes('verify')) return 'Verify the credentials of every mailbox (batch verify).';
      if (failures > 0) return 'Fix the mailboxes that failed verification, then verify again or pre-stage.';
      return 'Pre-stage the older mail while users keep working (batch prestage).';
    case 'Synced':
    case 'SyncedWithErrors': {
      // The first step the full pass waits for: the MX switch (with Autodiscover for a hosted move).
      const step = FULL_PASS_WAITS_FOR[batch.scenario];
      const first = step?.steps[0];
      const runbook =
        step && first ? `${stepSummary(step.runbookId, first)} (runbook ${step.runbookId}), then ` : '';
      return `${runbook}run the full pass (batch pass).`;
    }
    case 'CompletedWithErrors':
      return 'Retry the items that failed (batch retry-errors).';
    case 'Stopped':
    case 'Failed':
      return 'Resume the stopped or failed passes (batch resume).';
    case 'Completed':
      return 'Done: each user is sent how to get Outlook working again.';
    default:
      return undefined;
  }
}

/** The batch card's pass facts, for a batch on an engine that moves data in passes. */
export function passesView(batch: Batch): BatchStatusView['passes'] {
  if (!capabilitiesOf(batch).passes) return undefined;
  const current = batch.state === 'Syncing' || batch.state === 'Stopping' ? batch.passes?.current : undefined;
  return {
    running: current ? PASS_WORDS[current] : undefined,
    done: (batch.passes?.done ?? []).map((type) => PASS_WORDS[type]),
    next: nextStep(batch),
  };
}
