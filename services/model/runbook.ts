import type { Actor } from './batch';

/** What Cutover found when it checked a step against Exchange Online. */
export interface StepVerification {
  ok: boolean;
  detail: string;
  /** ISO-8601. */
  at: string;
}

export interface RunbookStepState {
  done: boolean;
  /** Who last checked or reopened the step. */
  by?: Actor;
  /** ISO-8601, when that happened. */
  at?: string;
  /** How the step was marked done, when not by hand (e.g. "verified by Cutover"). */
  note?: string;
  /** The last verification, for steps Cutover can check. */
  verified?: StepVerification;
}

/**
 * The check-offs of one runbook in one tenant. Steps not in `steps` are open. Every change bumps
 * `version`; a card carries the version it showed, so a click on an outdated card changes nothing.
 */
export interface RunbookDoc {
  /** `<tenantId>:<runbookId>`. */
  id: string;
  /** The tenant id. */
  pk: string;
  type: 'runbook';
  tenantId: string;
  runbookId: string;
  version: number;
  steps: Record<string, RunbookStepState>;
  /** ISO-8601. */
  updatedAt: string;
}

export function runbookDocId(tenantId: string, runbookId: string): string {
  return `${tenantId}:${runbookId}`;
}
