import { MOVING_STATES, inStates } from '../services/model/batch-states';
import { formatPercent } from './format';

/** How a batch's progress reads on its card and in the batch list. */
export interface BatchProgress {
  /** How full the bar is, 0..100. */
  barPercent: number;
  /** The line under the bar, e.g. "37% complete" or "Synced · ready for cutover". */
  text: string;
  /** The same in a few words for a list row that shows the state beside it: "37%" or "Ready for cutover". */
  shortText: string;
  /** Whether a time left may be shown: only while Exchange is moving data on its own. */
  showsTimeLeft: boolean;
}

/** Synced batches wait for an admin to cut them over: nothing more happens by itself. */
const WAITING_FOR_CUTOVER: Readonly<Record<string, string>> = {
  Synced: 'Synced',
  SyncedWithErrors: 'Synced with errors',
};

/** States that stopped short of done, and the word the progress line adds for them. */
const HALTED: Readonly<Record<string, string>> = {
  Stopping: 'stopping',
  Stopped: 'stopped',
  Failed: 'failed',
  Corrupted: 'failed',
  CreateFailed: 'not created',
};

/**
 * The progress to show for a batch state and its lifecycle percentage (sync counts for most of it, the
 * cutover for the rest). A synced batch waiting for its cutover has finished all it can do by itself, so
 * its bar is full and it reads "Synced · ready for cutover" rather than a percentage that would suggest it
 * is still on its way; stopped and failed batches keep their percentage and say why it does not move.
 * Only a moving batch has a time left. A move in passes (`inPasses`) is synced after its pre-stage, with
 * the full pass still ahead.
 */
export function batchProgress(state: string, percent: number, inPasses = false): BatchProgress {
  const waiting = WAITING_FOR_CUTOVER[state];
  if (waiting !== undefined && inPasses) {
    // A pass-based move is synced once its pre-stage is done: the full pass after the MX switch is next.
    return {
      barPercent: percent,
      text: `${state === 'Synced' ? 'Pre-stage done' : 'Pre-stage done, with failures'} · the full pass is next`,
      shortText: 'Pre-staged',
      showsTimeLeft: false,
    };
  }
  if (waiting !== undefined) {
    return {
      barPercent: 100,
      text: `${waiting} · ready for cutover`,
      shortText: 'Ready for cutover',
      showsTimeLeft: false,
    };
  }
  const shown = formatPercent(percent);
  const halted = HALTED[state];
  return {
    barPercent: percent,
    text: halted === undefined ? `${shown} complete` : `${shown} complete · ${halted}`,
    shortText: shown,
    showsTimeLeft: inStates(MOVING_STATES, state),
  };
}
