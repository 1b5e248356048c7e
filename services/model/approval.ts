import type { Actor, CardLocation } from './batch';

export type ApprovalAction = 'start' | 'cutover' | 'remove' | 'prestage' | 'pass';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'void';

export interface Decision {
  by: Actor;
  decision: 'approved' | 'rejected';
  at: string;
  reason?: string;
}

/**
 * A request to run a gated action on one version of a batch. Decisions are
 * conditional replaces on this document: it moves from pending exactly once.
 */
export interface Approval {
  id: string;
  /** The batch id: a batch's approvals live in its partition. */
  pk: string;
  type: 'approval';
  tenantId: string;
  batchId: string;
  batchName: string;
  /** The batch version the approval is for; any later change voids it. */
  batchVersion: number;
  action: ApprovalAction;
  /** For a scheduled cutover: the requested time (ISO). */
  at?: string;
  requestedBy: Actor;
  requestedAt: string;
  expiresAt: string;
  /** Half-way reminder sent. */
  reminded?: boolean;
  status: ApprovalStatus;
  quorum: number;
  approvers: string[];
  allowSelfApproval: boolean;
  decisions: Decision[];
  userCount: number;
  /** Why it ended, in words (void reason, rejection reason). */
  outcome?: string;
  /** Set when the approved action's intent was recorded. */
  intentId?: string;
  /** The conversation the request came from (the requester is told the outcome there). */
  requestedIn?: string;
  /** Where the approval card was posted. */
  cards: CardLocation[];
  /** The batch's preflight when the approval was asked for (start only). */
  preflight?: {
    passed: number;
    warnings: number;
    failed: number;
    overriddenBy?: string;
    /** The reason the admin gave to start despite the failures. */
    overrideReason?: string;
  };
}

export function approvalId(batchId: string, version: number, action: ApprovalAction): string {
  return `${batchId}:approval:${action}:v${version}`;
}
