import type { Scenario, UserStatus } from '../model/statuses';

/** A user whose mailbox has moved (the cutover is done): the notice of most scenarios goes out then. */
const MOVED: readonly UserStatus[] = ['Completed', 'CompletedWithWarnings'];

/**
 * A staged user is ready once Exchange has converted their MEU to a mailbox and set forwarding on the
 * on-premises mailbox: Exchange shows `Provisioning` until then and `Syncing` from that moment, while
 * the data is copied (seed 003: the Mailboxes Ready report, "you can tell users to start using their
 * new cloud-based mailbox"). Every later status means the same.
 */
const STAGED_READY: readonly UserStatus[] = [
  'Syncing',
  'Synced',
  'IncrementalSyncing',
  'IncrementalSynced',
  'Completing',
  'CompletionSynced',
  'Completed',
  'CompletedWithWarnings',
];

/** The user statuses in which a user of this scenario gets their notice (the reset notice). */
export function noticeStatuses(scenario: Scenario): readonly UserStatus[] {
  return scenario === 'staged' ? STAGED_READY : MOVED;
}
