import { CROSS_TENANT_MIGRATION_SKU } from '../../seed/licences';
import type { Recipient, Tenant } from '../../seed/world-types';
import { transitiveMembers } from '../graph-directory';
import type { GraphJob, UserValidation, Workload } from './job-schema';

/**
 * What validation finds, worded with the codes of "Resolve errors during orchestrated migration":
 * MIGR-001 (organization relationships), MIGR-004 (scope group), EXCH-07 (no endpoint for the source
 * tenant), EXCH-08 (Test-MigrationServerAvailability failed: a hold on the source, no cross-tenant
 * licence, a previous mailbox remembered), CTM-100 (no identity mapping: the target is not a MailUser
 * of a source mailbox), CTM-101 (identity mapping incomplete: ExchangeGuid, x500 or a proxy in a
 * domain the target does not accept), and the licence errors of the other workloads. Delegates split
 * across batches are not checked: the service moves no permissions and does not look at them.
 */

export interface ValidationInput {
  tenants: readonly Tenant[];
  job: GraphJob;
  isEndpointDown(name: string): boolean;
}

type Found = UserValidation['errors'];

const EVERY = (job: GraphJob, code: string, message: string): Found =>
  job.workloads.map((service) => ({ service, code, message }));
const ON = (job: GraphJob, service: Workload, code: string, message: string): Found =>
  job.workloads.includes(service) ? [{ service, code, message }] : [];

const MIGR_001 = 'Tenant authorization error. The tenants are not configured to support migration.';
const EXCH_07 = 'No valid migration endpoints for the remote tenant.';

function relationshipFor(tenant: Tenant, otherId: string, capability: string) {
  return tenant.organizationRelationships.find(
    (r) =>
      r.domainNames.some((d) => d.toLowerCase() === otherId) &&
      r.enabled &&
      r.mailboxMoveEnabled &&
      r.mailboxMoveCapability.toLowerCase().includes(capability),
  );
}

/** Errors every user gets: the tenants' setup. */
function tenantErrors(input: ValidationInput, target: Tenant, source: Tenant | undefined): Found {
  const { job } = input;
  const found: Found = [];
  const inbound = relationshipFor(target, job.sourceTenantId, 'inbound');
  const outbound = source && relationshipFor(source, target.id, 'remoteoutbound');
  if (!inbound || !outbound) found.push(...EVERY(job, 'MIGR-001', MIGR_001));
  if (!job.workloads.includes('Exchange')) return found;
  const wanted = job.sourceEndpoint?.toLowerCase();
  const endpoint = target.endpoints.find(
    (e) =>
      (wanted === undefined || e.name.toLowerCase() === wanted) &&
      source !== undefined &&
      e.remoteTenant !== undefined &&
      [source.domain, ...source.acceptedDomains].includes(e.remoteTenant.toLowerCase()),
  );
  if (!endpoint) {
    found.push(...ON(job, 'Exchange', 'EXCH-07', EXCH_07));
  } else if (input.isEndpointDown(endpoint.name)) {
    found.push(
      ...ON(
        job,
        'Exchange',
        'EXCH-08',
        `Test-MigrationServerAvailability failed with: The connection to the server '${endpoint.remoteServer}' could not be completed.`,
      ),
    );
  }
  return found;
}

function scopeMembers(source: Tenant, targetId: string): Set<string> {
  const scopes = relationshipFor(source, targetId, 'remoteoutbound')?.mailboxMovePublishedScopes ?? [];
  const ids = new Set<string>();
  for (const scope of scopes.map((s) => s.toLowerCase())) {
    const group = source.groups.find((g) => [g.name.toLowerCase(), g.mail, g.objectId].includes(scope));
    if (!group) continue;
    ids.add(group.objectId);
    for (const member of transitiveMembers({ tenant: source, group })) {
      if (member.kind === 'user') ids.add(member.user.objectId);
    }
  }
  return ids;
}

function identityErrors(job: GraphJob, target: Tenant, user: Recipient, mailbox: Recipient): Found {
  const incomplete = (detail: string) =>
    EVERY(
      job,
      'CTM-101',
      `User migration validation failed. User identity mapping not in completed state. Mapping state is failed: ${detail}`,
    );
  const found: Found = [];
  if (user.exchangeGuid !== mailbox.exchangeGuid) {
    found.push(
      ...incomplete(
        `ExchangeGuid missmatch, expected '${mailbox.exchangeGuid}', found '${user.exchangeGuid}'.`,
      ),
    );
  }
  const proxies = new Set(user.emailAddresses.map((a) => a.toLowerCase()));
  const x500s = [
    `x500:${mailbox.legacyExchangeDN}`,
    ...mailbox.emailAddresses.filter((a) => a.toLowerCase().startsWith('x500:')),
  ];
  const missing = x500s.filter((a) => !proxies.has(a.toLowerCase()));
  if (missing.length > 0) {
    found.push(...incomplete(`Missing required EmailAddresses. Expected '${missing.join("', '")}'.`));
  }
  const foreign = user.emailAddresses.filter((a) => {
    const [prefix, address] = a.split(':');
    const domain = address?.split('@')[1]?.toLowerCase();
    return (
      prefix?.toLowerCase() === 'smtp' && domain !== undefined && !target.acceptedDomains.includes(domain)
    );
  });
  if (foreign.length > 0) {
    found.push(
      ...incomplete(
        `'${user.email}' email addresses use domains that are not accepted in the organization: ${foreign.join(', ')}.`,
      ),
    );
  }
  return found;
}

// Holds and a remembered previous mailbox have no code of their own in the docs: EXCH-08 lists a
// litigation hold among the causes of a failed Test-MigrationServerAvailability, and the simulator
// reports in-place holds and previous mailboxes the same way, with a message naming the cause.
function exchangeErrors(job: GraphJob, user: Recipient, mailbox: Recipient): Found {
  const exch08 = (message: string) => ON(job, 'Exchange', 'EXCH-08', message);
  const found: Found = [];
  const { holds } = mailbox;
  if (holds.litigationHoldEnabled || holds.inPlaceHolds.length > 0) {
    const which = holds.litigationHoldEnabled
      ? 'litigation hold'
      : `in-place hold ${holds.inPlaceHolds.join(', ')}`;
    found.push(
      ...exch08(
        `The source mailbox '${mailbox.email}' is on ${which} and can't be migrated cross-tenant without being added to the exception list.`,
      ),
    );
  }
  if (user.previousRecipientTypeDetails !== 'None') {
    found.push(
      ...exch08(
        `The target user '${user.email}' still has the information of a previous mailbox (${user.previousRecipientTypeDetails}). Clear it with Set-User -PermanentlyClearPreviousMailboxInfo.`,
      ),
    );
  }
  return found;
}

function licenceErrors(job: GraphJob, target: Tenant, user: Recipient, mailbox: Recipient): Found {
  if ([...user.licences, ...mailbox.licences].includes(CROSS_TENANT_MIGRATION_SKU)) return [];
  return [
    ...ON(
      job,
      'Exchange',
      'EXCH-08',
      `None of the source or target objects have a cross-tenant mailbox migration license assigned: ${mailbox.email}, ${user.email}.`,
    ),
    ...ON(
      job,
      'ODSP',
      'MnAOdbUsersAreNotLicensed',
      `Neither source UPN [${mailbox.userPrincipalName}], nor target UPN [${user.userPrincipalName}] are licensed for Cross-tenant OneDrive migration.`,
    ),
    ...ON(
      job,
      'Teams',
      'CTTM-005',
      `Teams migration failed. User ${user.userPrincipalName} in tenant ${target.id} does not have a Teams license. Assign a Teams license to the user and retry migration.`,
    ),
    ...ON(
      job,
      'Meeting',
      'MMS-007',
      `Teams Meeting migration failed for user ${user.userPrincipalName}. User ${user.userPrincipalName} in tenant ${target.id} does not have an active Exchange Online Plan. Assign an Exchange Online Plan to the user and retry migration.`,
    ),
  ];
}

function userErrors(
  job: GraphJob,
  target: Tenant,
  source: Tenant | undefined,
  user: Recipient,
  scope: Set<string>,
  mailboxes: Map<string, Recipient>,
): Found {
  const mailbox = mailboxes.get(user.externalEmailAddress?.toLowerCase() ?? '');
  if (user.recipientType !== 'MailUser' || !source || !mailbox) {
    const why =
      user.recipientType !== 'MailUser' ? 'is not a mail user' : 'points at no mailbox in the source tenant';
    return EVERY(
      job,
      'CTM-100',
      `User migration validation failed. User identity mapping not found: '${user.email}' ${why}.`,
    );
  }
  const found = [
    ...identityErrors(job, target, user, mailbox),
    ...exchangeErrors(job, user, mailbox),
    ...licenceErrors(job, target, user, mailbox),
  ];
  if (relationshipFor(source, target.id, 'remoteoutbound') && !scope.has(mailbox.objectId)) {
    found.push(
      ...EVERY(
        job,
        'MIGR-004',
        `Authorization error. ${mailbox.email} isn't a member of the security group the source organization relationship authorizes.`,
      ),
    );
  }
  return found;
}

/** Validates every user of the job against the directory as it is now. */
export function validateJob(input: ValidationInput): UserValidation[] {
  const { job, tenants } = input;
  const target = tenants.find((t) => t.id === job.tenantId);
  const source = tenants.find((t) => t.id === job.sourceTenantId);
  if (!target) return job.users.map((u) => ({ id: u.id, errors: EVERY(job, 'MIGR-001', MIGR_001) }));
  const common = tenantErrors(input, target, source);
  const scope = source ? scopeMembers(source, target.id) : new Set<string>();
  const mailboxes = new Map(
    (source?.recipients ?? [])
      .filter((r) => r.recipientType === 'Mailbox')
      .map((r) => [r.email.toLowerCase(), r]),
  );
  const users = new Map(target.recipients.map((r) => [r.objectId, r]));
  return job.users.map((u) => {
    const user = users.get(u.id);
    const own = user
      ? userErrors(job, target, source, user, scope, mailboxes)
      : EVERY(job, 'CTM-100', 'User identity mapping not found.');
    return { id: u.id, errors: [...common, ...own] };
  });
}
