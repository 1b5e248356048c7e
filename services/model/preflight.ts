import type { Actor } from './batch';
import type { Scenario } from './statuses';

export type CheckStatus = 'pass' | 'warning' | 'fail';

/** Every readiness check, per user or per batch. Their titles and fixes are in services/preflight/checks.ts. */
export const CHECK_IDS = [
  'target-mailuser',
  'source-mailbox',
  'exchange-guid',
  'archive-guid',
  'x500',
  'external-address',
  'primary-domain',
  'non-owned-proxy',
  'previous-mailbox',
  'licence-order',
  'source-holds',
  'aux-archives',
  'cross-tenant-licence',
  'scope-group',
  'delegates',
  'verify-credentials',
  'target-relationship',
  'source-relationship',
  'endpoint',
  'batch-size',
  'shared-domain',
  'engine-validation',
  'directory-sync',
  'cloud-meu',
  'sync-scope',
  'hybrid-relationship',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Something wrong (fail) or worth a look (warning), with the fix in one sentence. */
export interface Finding {
  check: CheckId;
  status: 'warning' | 'fail';
  message: string;
  fix: string;
}

export interface UserPreflight {
  email: string;
  status: CheckStatus;
  findings: Finding[];
}

/** Users whose mailboxes share permissions and so must move in the same batch. */
export interface DelegateGroup {
  members: { email: string; batchName?: string }[];
  /** How the members are connected, e.g. "a@x grants FullAccess to b@x". */
  links: string[];
}

export interface PreflightOverride {
  by: Actor;
  at: string;
  reason: string;
}

/** The latest readiness report of a batch (one document per batch, replaced by each run). */
export interface PreflightReport {
  /** The batch id. */
  id: string;
  pk: string;
  type: 'preflight';
  tenantId: string;
  batchId: string;
  batchName: string;
  scenario: Scenario;
  state: 'running' | 'done' | 'error';
  /** Bumped by each run, so that a late finish of an older run never overwrites a newer one. */
  run: number;
  ranBy: Actor;
  startedAt: string;
  finishedAt?: string;
  /** Why the run itself could not finish (not a user's finding). */
  error?: string;
  userCount: number;
  /** Users with at least one finding; every other user passed every check. */
  users: UserPreflight[];
  /** Findings about the batch as a whole (organization relationships, endpoint, size). */
  batchFindings: Finding[];
  /** Users by their worst status. */
  counts: Record<CheckStatus, number>;
  /** Per check: how many users (or, for batch checks, 1) got a warning or a failure. */
  checks: Partial<Record<CheckId, { warning: number; fail: number }>>;
  delegates: DelegateGroup[];
  /** An admin's decision to start despite failures. */
  override?: PreflightOverride;
  /** The conversation the run was asked for in; its summary is posted there. */
  requestedIn?: string;
  /** What to do when this run finishes (a start asked for before the run). */
  afterRun?: { action: 'start'; actor: Actor; conversationKey?: string };
}

export function worstOf(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const s of statuses) {
    if (s === 'fail') return 'fail';
    if (s === 'warning') worst = 'warning';
  }
  return worst;
}

/** Failures that block a start: any failing user or batch-level failure. */
export function blockingFailures(report: PreflightReport): number {
  return report.counts.fail + report.batchFindings.filter((f) => f.status === 'fail').length;
}
