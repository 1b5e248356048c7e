import type { CsvRowError } from '../csv/csv-result';
import type { ApprovalAction } from './approval';
import type { BatchAction, BatchState } from './batch';

/** What kind of failure it is: the surface picks its title (and what a stale card gets back) by it. */
export type FailReason =
  | 'not_found'
  | 'ambiguous'
  | 'forbidden'
  | 'invalid'
  | 'exists'
  | 'state'
  | 'busy'
  | 'stale'
  /** A failed preflight stops a start. */
  | 'blocked';

type Action = Exclude<BatchAction, 'create'>;

/**
 * The coded failures and the data each carries. Services say which failure and with what; the words
 * are the surface's (chat: FAILURE_TEXT in bot/replies.ts), as bolt-js's coded errors do.
 */
export interface FailureData {
  /** A batch id (from a card) that names no batch. */
  'batch.gone': Record<string, never>;
  'batch.not_found': { name: string; tenantId?: string };
  'batch.ambiguous': { name: string; tenantIds: string[] };
  /** No batch of that name in the tenants where the caller has a role. */
  'batch.not_in_your_tenants': { name: string };
  /** The viewer role is needed to see the batch (or its notices, or its preflight). */
  'batch.viewer_needed': { tenantId: string };
  /** The batch went away between reading and writing it. */
  'batch.missing': { name: string };
  /** The card showed an older version of the batch. */
  'batch.stale': { name: string };
  /** Someone else changed the batch while this change was written. */
  'batch.raced': { name: string };
  'batch.hidden': { tenantId: string };
  'batch.exists': { name: string; tenantName: string };
  'batch.name_invalid': Record<string, never>;
  'tenant.no_role': { tenantId: string };
  'tenant.none': Record<string, never>;
  'tenant.unknown': { tenantId: string; known: string[] };
  'create.forbidden': { tenantName: string };
  'scenario.unknown': { scenario: string; known: readonly string[] };
  'scenario.not_set_up': { tenantName: string; scenario: string; runs: readonly string[] };
  'domain.invalid': { domain: string };
  'time.invalid': { text: string };
  'complete_after.past': Record<string, never>;
  'cutover.past': Record<string, never>;
  'csv.invalid': { errors: readonly CsvRowError[] };
  /** The tenant's engine moves mail in passes and needs each user's source and target address. */
  'csv.mapping_needed': Record<string, never>;
  /** The tenant's engine has no scheduled completion (its full pass is the cutover). */
  'complete_after.unsupported': { tenantName: string };
  /**
   * The full pass is refused until the runbook's steps before it are checked off (the MX switch; for a
   * hosted move, Autodiscover and forwarding), unless an admin overrides with a reason.
   */
  'pass.runbook_open': { name: string; runbookTitle: string; steps: string[] };
  /** `--older-than` for a pre-stage: a whole number of days. */
  'prestage.days_invalid': { text: string };
  'action.forbidden': { tenantId: string; action: Action };
  /** An action on the batch is still pending. */
  'action.in_progress': { name: string; pending: BatchAction };
  'action.state': { name: string; state: BatchState; action: Action; noFailedUsers: boolean };
  'status.unknown': { status: string };
  'email.invalid': { email: string };
  'user.not_visible': { email: string };
  'user.not_in_exchange': { email: string };
  'preflight.forbidden': { tenantId: string };
  /** A removed batch, or one Exchange refused, has nothing to check. */
  'preflight.nothing_to_check': { name: string; state: BatchState };
  'preflight.none': { name: string };
  'preflight.running': { name: string };
  'preflight.raced': { name: string };
  'preflight.changed': { name: string };
  /** A start the preflight stops: how many users would fail, and whether the batch itself has problems. */
  'preflight.blocked': {
    name: string;
    users: number;
    batchProblems: boolean;
    /** The batch's failing findings, the first failing users with their finding, and how many more fail. */
    worst: {
      batch: { message: string; fix: string }[];
      users: { email: string; message: string }[];
      more: number;
    };
  };
  'preflight.unfinished': { name: string; error?: string };
  'override.admin_only': { tenantId: string };
  'override.reason_short': { min: number };
  /** The batch already waits for approval of this action. */
  'approval.pending': { name: string; action: ApprovalAction };
  'approval.gone': Record<string, never>;
  /** The decision lost every attempt to concurrent ones. */
  'approval.crowded': Record<string, never>;
  /** The approval is no longer pending. */
  'approval.closed': { status: string };
  'approval.expired': Record<string, never>;
  'approval.not_approver': Record<string, never>;
  'approval.own_request': Record<string, never>;
  'approval.already_decided': Record<string, never>;
  'approval.reason_needed': Record<string, never>;
  /** The batch moved on from the version the approval was asked for (or is gone): the approval is void. */
  'approval.batch_moved': { name?: string; from: number; to?: number };
  /** A tenant id that is not in the tenants file. */
  'tenant.missing': { tenantId: string };
  'runbook.unknown': { runbookId: string; known: readonly string[] };
  'runbook.viewer_needed': { tenantId: string };
  'runbook.operator_needed': { tenantId: string };
  'runbook.no_step': { title: string; stepId: string };
  /** Every attempt to write the runbook lost to concurrent ones. */
  'runbook.busy': Record<string, never>;
  'runbook.stale': { title: string };
  /** A step Cutover cannot verify by itself. */
  'runbook.manual_step': { stepId: string };
  'notice.preview_answer': Record<string, never>;
  'notice.gone': Record<string, never>;
  'notice.not_yours': Record<string, never>;
  'notice.busy': Record<string, never>;
  'notice.preview_forbidden': { tenantId: string };
}

export type FailureCode = keyof FailureData;

/** The kind of each coded failure. */
export const FAILURE_REASONS: { readonly [C in FailureCode]: FailReason } = {
  'batch.gone': 'not_found',
  'batch.not_found': 'not_found',
  'batch.ambiguous': 'ambiguous',
  'batch.not_in_your_tenants': 'not_found',
  'batch.viewer_needed': 'forbidden',
  'batch.missing': 'not_found',
  'batch.stale': 'stale',
  'batch.raced': 'stale',
  'batch.hidden': 'forbidden',
  'batch.exists': 'exists',
  'batch.name_invalid': 'invalid',
  'tenant.no_role': 'forbidden',
  'tenant.none': 'forbidden',
  'tenant.unknown': 'invalid',
  'create.forbidden': 'forbidden',
  'scenario.unknown': 'invalid',
  'scenario.not_set_up': 'invalid',
  'domain.invalid': 'invalid',
  'time.invalid': 'invalid',
  'complete_after.past': 'invalid',
  'cutover.past': 'invalid',
  'csv.invalid': 'invalid',
  'csv.mapping_needed': 'invalid',
  'complete_after.unsupported': 'invalid',
  'pass.runbook_open': 'blocked',
  'prestage.days_invalid': 'invalid',
  'action.forbidden': 'forbidden',
  'action.in_progress': 'busy',
  'action.state': 'state',
  'status.unknown': 'invalid',
  'email.invalid': 'invalid',
  'user.not_visible': 'not_found',
  'user.not_in_exchange': 'not_found',
  'preflight.forbidden': 'forbidden',
  'preflight.nothing_to_check': 'state',
  'preflight.none': 'not_found',
  'preflight.running': 'busy',
  'preflight.raced': 'busy',
  'preflight.changed': 'stale',
  'preflight.blocked': 'blocked',
  'preflight.unfinished': 'state',
  'override.admin_only': 'forbidden',
  'override.reason_short': 'invalid',
  'approval.pending': 'busy',
  'approval.gone': 'not_found',
  'approval.crowded': 'busy',
  'approval.closed': 'state',
  'approval.expired': 'state',
  'approval.not_approver': 'forbidden',
  'approval.own_request': 'forbidden',
  'approval.already_decided': 'state',
  'approval.reason_needed': 'invalid',
  'approval.batch_moved': 'stale',
  'tenant.missing': 'not_found',
  'runbook.unknown': 'not_found',
  'runbook.viewer_needed': 'forbidden',
  'runbook.operator_needed': 'forbidden',
  'runbook.no_step': 'not_found',
  'runbook.busy': 'busy',
  'runbook.stale': 'stale',
  'runbook.manual_step': 'invalid',
  'notice.preview_answer': 'invalid',
  'notice.gone': 'not_found',
  'notice.not_yours': 'forbidden',
  'notice.busy': 'busy',
  'notice.preview_forbidden': 'forbidden',
};
