import type { CardVerb, CardVerbData } from '../cards';
import type { Role } from '../services/config/tenants';

/** The object a card names, by which its tenant is found without reading the object into a reply. */
export type CardObject =
  /** A batch, or something kept under it (an approval, its audit trail): the id holds the tenant. */
  | { batchId: string }
  /** A tenant named directly (the batch form, a runbook). */
  | { tenantId: string }
  /** Nothing in one tenant: the role is needed in some tenant, and the service narrows what is shown. */
  | { anywhere: true };

/** Who may use a card verb. Checked before the handler runs, with one refusal (bot/authorize.ts). */
export type VerbAccess<D> =
  | {
      role: Role;
      /** Where the role is needed. */
      object: (data: D) => CardObject;
      /** For the refusal: "You need the <role> role in <tenant> to <doing>." */
      doing: string;
      /** A fixed refusal text instead (the same for everyone refused, so it tells nothing). */
      refusal?: string;
    }
  /** Only the user a notice went to (by Entra object id), whatever their roles. */
  | { role: 'recipient'; notice: (data: D) => string; refusal: string };

const batch = (data: { batchId: string }): CardObject => ({ batchId: data.batchId });

/** The role table of the card verbs, typed over the verbs: a verb without a row does not compile. */
export const VERB_ACCESS: { [V in CardVerb]: VerbAccess<CardVerbData[V]> } = {
  'batch.refresh': { role: 'viewer', object: batch, doing: 'see its batches' },
  'batch.users': { role: 'viewer', object: batch, doing: 'see its batches' },
  'batch.start': { role: 'operator', object: batch, doing: 'start a batch' },
  'batch.stop': { role: 'operator', object: batch, doing: 'stop a batch' },
  'batch.retry': { role: 'operator', object: batch, doing: 'retry the failed users of a batch' },
  'batch.cutover': { role: 'operator', object: batch, doing: 'cut over a batch' },
  'batch.remove': { role: 'operator', object: batch, doing: 'remove a batch' },
  'batch.verify': { role: 'operator', object: batch, doing: 'run a pass on a batch' },
  'batch.prestage': { role: 'operator', object: batch, doing: 'run a pass on a batch' },
  'batch.pass': { role: 'operator', object: batch, doing: 'run a pass on a batch' },
  'batch.retry-errors': { role: 'operator', object: batch, doing: 'run a pass on a batch' },
  'batch.confirm': { role: 'operator', object: batch, doing: 'change a batch' },
  'batch.create': {
    role: 'operator',
    object: (data) => (data.tenant ? { tenantId: data.tenant } : { anywhere: true }),
    doing: 'create batches',
  },
  'user.status': {
    role: 'viewer',
    object: (data) => (data.batchId ? { batchId: data.batchId } : { anywhere: true }),
    doing: 'see migration users',
  },
  'approval.refresh': { role: 'viewer', object: batch, doing: 'see its approvals' },
  'approval.approve': {
    role: 'approver',
    object: batch,
    doing: 'decide on approvals',
    refusal: 'You are not an approver for this tenant.',
  },
  'approval.reject': {
    role: 'approver',
    object: batch,
    doing: 'decide on approvals',
    refusal: 'You are not an approver for this tenant.',
  },
  'audit.page': { role: 'viewer', object: batch, doing: 'see its batches' },
  'preflight.run': { role: 'operator', object: batch, doing: 'run a preflight' },
  'notice.ack': {
    role: 'recipient',
    notice: (data) => data.noticeId,
    refusal: 'This notice was sent to someone else; only they can answer it.',
  },
  'runbook.show': {
    role: 'viewer',
    object: (data) => ({ tenantId: data.tenantId }),
    doing: 'see its runbooks',
  },
  'runbook.check': {
    role: 'operator',
    object: (data) => ({ tenantId: data.tenantId }),
    doing: 'change its runbooks',
  },
  'runbook.verify': {
    role: 'operator',
    object: (data) => ({ tenantId: data.tenantId }),
    doing: 'change its runbooks',
  },
  'portfolio.page': { role: 'viewer', object: () => ({ anywhere: true }), doing: 'see the portfolio' },
  'portfolio.tenant': {
    role: 'viewer',
    object: (data) => ({ tenantId: data.tenantId }),
    doing: 'see its batches',
  },
};
