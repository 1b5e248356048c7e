import type { ApprovalCardData } from '../cards';
import { findPersonalChat } from './conversations';
import type { Approval } from '../services/model/approval';
import type { Repositories } from '../services/store/repositories';
import type { TenantsFile } from '../services/config/tenants';

const REFRESH_LIMIT = 60;

/** The user MRIs (29:…) of approvers the bot has a personal chat with; refresh needs them. */
export async function approverMris(
  repos: Repositories,
  approvers: string[],
): Promise<(string | undefined)[]> {
  return Promise.all(
    approvers.map(async (id) => {
      const chat = await findPersonalChat(repos, id);
      return chat?.reference.user?.id;
    }),
  );
}

/** What the approval card shows. Buttons go to everyone when refresh cannot reach every approver. */
export async function approvalView(
  approval: Approval,
  deps: { repos: Repositories; tenants: TenantsFile },
): Promise<ApprovalCardData> {
  const tenant = deps.tenants.tenants.find((t) => t.id === approval.tenantId);
  const mris = await approverMris(deps.repos, approval.approvers);
  const known = mris.filter((m): m is string => Boolean(m));
  const buttonsForAll =
    tenant?.approval.buttonsForAll === true ||
    approval.approvers.length > REFRESH_LIMIT ||
    known.length < mris.length;
  return {
    approvalId: approval.id,
    batchId: approval.batchId,
    batchName: approval.batchName,
    tenantName: tenant?.displayName ?? approval.tenantId,
    batchVersion: approval.batchVersion,
    action: approval.action,
    cutoverAt: approval.at,
    requestedBy: approval.requestedBy.name ?? approval.requestedBy.id,
    requestedAt: approval.requestedAt,
    userCount: approval.userCount,
    preflight: approval.preflight,
    status: approval.status,
    quorum: approval.quorum,
    approverCount: approval.approvers.length,
    decisions: approval.decisions.map((d) => ({
      by: d.by.name ?? d.by.id,
      decision: d.decision,
      at: d.at,
      reason: d.reason,
    })),
    expiresAt: approval.expiresAt,
    outcomeText: outcomeText(approval),
    refreshUserIds: buttonsForAll ? undefined : known,
    buttonsForAll,
  };
}

function outcomeText(approval: Approval): string | undefined {
  const approvers = approval.decisions
    .filter((d) => d.decision === 'approved')
    .map((d) => d.by.name ?? d.by.id);
  switch (approval.status) {
    case 'approved':
      return `Approved by ${approvers.join(' and ')}.`;
    case 'pending':
      return undefined;
    default:
      return approval.outcome;
  }
}
