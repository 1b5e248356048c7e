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
  /** Pass-based engines: the verify-credentials pass (moves nothing). */
  'batch.verify': { batchId: string; version: number };
  /** Pass-based engines: the pre-stage pass (mail older than the tenant's cut-off). */
  'batch.prestage': { batchId: string; version: number };
  /** Pass-based engines: the full (delta) pass, refused until the runbook's MX switch is checked off. */
  'batch.pass': { batchId: string; version: number };
  /** Pass-based engines: retry the items that failed in a completed pass (Repair). */
  'batch.retry-errors': { batchId: string; version: number };
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
  /** Run a batch's readiness checks (preflight) again. */
  'preflight.run': { batchId: string };
  /** A migrated user's answer on their notice card: Outlook works, or they need help. */
  'notice.ack': { noticeId: string; answer: 'done' | 'help' };
  /** Re-render a tenant's runbook card with the newest stored check-offs. */
  'runbook.show': { tenantId: string; runbookId: string };
  /** Mark a runbook step done (`done: true`) or reopen it; `version` is the runbook version the card showed. */
  'runbook.check': { tenantId: string; runbookId: string; stepId: string; done: boolean; version: number };
  /** Let Cutover check a runbook step against Exchange Online; `version` as for `runbook.check`. */
  'runbook.verify': { tenantId: string; runbookId: string; stepId: string; version: number };
  /** A page of the portfolio (every tenant the caller sees), optionally narrowed by a state filter. */
  'portfolio.page': { page: number; state?: string };
  /** One tenant's batches, from its portfolio line. */
  'portfolio.tenant': { tenantId: string };
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
  'batch.verify',
  'batch.prestage',
  'batch.pass',
  'batch.retry-errors',
  'batch.confirm',
  'batch.create',
  'user.status',
  'approval.refresh',
  'approval.approve',
  'approval.reject',
  'audit.page',
  'preflight.run',
  'notice.ack',
  'runbook.show',
  'runbook.check',
  'runbook.verify',
  'portfolio.page',
  'portfolio.tenant',
] as const satisfies readonly CardVerb[];
