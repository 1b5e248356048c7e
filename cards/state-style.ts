/** Container styles of Adaptive Cards 1.5, used as coloured badges and bars. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

const STATE_STYLES: Record<string, ContainerStyle> = {
  // Exchange batch statuses and user statuses that mean "done".
  Completed: 'good',
  Synced: 'good',
  IncrementalSynced: 'good',
  CompletionSynced: 'good',
  // Done, but someone should look.
  SyncedWithErrors: 'warning',
  CompletedWithErrors: 'warning',
  CompletedWithWarnings: 'warning',
  Stopping: 'warning',
  Stopped: 'warning',
  IncrementalStopped: 'warning',
  Waiting: 'warning',
  // Broken.
  Failed: 'attention',
  IncrementalFailed: 'attention',
  CompletionFailed: 'attention',
  Corrupted: 'attention',
  CreateFailed: 'attention',
  // Work in progress.
  Creating: 'accent',
  Created: 'accent',
  Validating: 'accent',
  Provisioning: 'accent',
  ProvisionUpdating: 'accent',
  Queued: 'accent',
  Starting: 'accent',
  Syncing: 'accent',
  IncrementalSyncing: 'accent',
  Completing: 'accent',
  Removing: 'accent',
  // Gone.
  Removed: 'emphasis',
};

/** The badge colour for a batch state or user status; unknown states are neutral. */
export function stateStyle(state: string): ContainerStyle {
  return Object.hasOwn(STATE_STYLES, state) ? (STATE_STYLES[state] as ContainerStyle) : 'emphasis';
}

/** Whether a user status means the user's move failed. */
export function isFailureStatus(status: string): boolean {
  return stateStyle(status) === 'attention';
}

/** TextBlock colours of Adaptive Cards 1.5 that match the badge styles. */
export type TextColor = 'default' | 'accent' | 'good' | 'warning' | 'attention';

/** The text colour for a state, matching its badge ("emphasis" has no text colour of its own). */
export function stateColor(state: string): TextColor {
  const style = stateStyle(state);
  return style === 'emphasis' || style === 'default' ? 'default' : style;
}
