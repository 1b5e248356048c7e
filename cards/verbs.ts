/**
 * The one table of card action verbs (Action.Execute `verb`) and the data each
 * carries. Card data names an object and the version the card showed; it never
 * says who acted (the bot takes the actor from the activity).
 */
export interface CardVerbData {
  /** Re-render the batch card with the newest stored state. */
  'batch.refresh': { batchId: string; version: number };
  /** Show a page of a batch's users, optionally filtered by Exchange user status. */
  'batch.users': { batchId: string; page: number; status?: string };
  /** Ask to start (or resume) a batch. */
  'batch.start': { batchId: string; version: number };
  /** Ask to stop a syncing batch. */
  'batch.stop': { batchId: string; version: number };
  /** Retry the failed users of a batch (shows a confirmation first). */
  'batch.retry': { batchId: string; version: number };
  /** Open the cutover confirmation card. */
  'batch.cutover': { batchId: string; version: number };
  /** Remove a batch (shows a confirmation first). */
  'batch.remove': { batchId: string; version: number };
  /**
   * Confirmation of a destructive action shown on a confirm card.
   * For cutover, `at` is an ISO-8601 time or absent for "now"; the card may
   * also carry an input named `cutoverAt`.
   */
  'batch.confirm': {
    batchId: string;
    version: number;
    action: 'cutover' | 'retry' | 'remove';
    at?: string;
  };
  /** Submit of the batch form; the input values arrive merged into data. */
  'batch.create': {
    tenant?: string;
    scenario?: string;
    name?: string;
    csv?: string;
    targetDeliveryDomain?: string;
    completeAfter?: string;
  };
  /** Open one user's status card. */
  'user.status': { email: string; batchId?: string };
  /** Approver's view of an approval card (the refresh invoke, and the explicit "Show approver buttons"). */
  'approval.refresh': { approvalId: string; batchId: string };
  /** Approve. `version` is the batch version the approval was asked for. */
  'approval.approve': { approvalId: string; batchId: string; version: number };
  /** Reject; the card's `reason` input arrives merged into data. */
  'approval.reject': { approvalId: string; batchId: string; version: number; reason?: string };
  /** A page of a batch's audit trail (newest first). */
  'audit.page': { batchId: string; page: number };
}

export type CardVerb = keyof CardVerbData;

export const CARD_VERBS = [
  'batch.refresh',
  'batch.users',
  'batch.start',
  'batch.stop',
  'batch.retry',
  'batch.cutover',
  'batch.remove',
  'batch.confirm',
  'batch.create',
  'user.status',
  'approval.refresh',
  'approval.approve',
  'approval.reject',
  'audit.page',
] as const satisfies readonly CardVerb[];
