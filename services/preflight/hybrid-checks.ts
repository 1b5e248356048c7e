import type { TenantConfig, TenantsFile } from '../config/tenants';
import type { Finding } from '../model/preflight';
import type {
  DirectoryMailUser,
  DirectoryOrganizationRelationship,
  DirectoryProvider,
} from '../providers/directory-provider';
import { failWith, warnWith } from './checks';

/**
 * Hybrid onboarding (seed 000 adds a hoster's many customers fed from one forest): each user is a
 * MailUser synchronized from inside this customer's OU (not another customer's), and the tenant's
 * organization relationship with on premises is there and enabled. The endpoint is tested beside these.
 */

const dnKey = (dn: string) => dn.replace(/\s*,\s*/g, ',').toLowerCase();

/** Whether a distinguished name lies inside (or is) the OU `scope`. */
export function withinScope(dn: string, scope: string): boolean {
  const d = dnKey(dn);
  const s = dnKey(scope);
  return d === s || d.endsWith(`,${s}`);
}

/** The findings of one MailUser (null: Exchange has none for the address). */
export function checkHybridUser(
  email: string,
  mailUser: DirectoryMailUser | null,
  tenant: TenantConfig,
  tenants: TenantsFile,
): Finding[] {
  if (!mailUser) return [failWith('target-mailuser', `No MailUser ${email} in ${tenant.displayName}.`)];
  if (mailUser.recipientTypeDetails !== 'MailUser')
    return [failWith('target-mailuser', `${email} is a ${mailUser.recipientTypeDetails}, not a MailUser.`)];
  const scope = tenant.onPremisesScope;
  if (!scope) return [];
  const dn = mailUser.onPremisesDistinguishedName;
  if (!dn) {
    return [
      warnWith(
        'sync-scope',
        `${email} is not synchronized from on premises, so Cutover cannot tell whose OU it came from.`,
      ),
    ];
  }
  if (withinScope(dn, scope)) return [];
  const owner = tenants.tenants.find(
    (t) => t.id !== tenant.id && t.onPremisesScope && withinScope(dn, t.onPremisesScope),
  );
  const whose = owner ? `${owner.displayName}'s OU` : 'an OU outside this tenant’s scope';
  return [
    failWith(
      'sync-scope',
      `${email} was synchronized into ${tenant.displayName} from ${dn} (${whose}), not from ${scope}.`,
    ),
  ];
}

/** A hoster's customer tenant needs its relationship with on premises (the Hybrid Configuration Wizard's). */
export function checkHybridRelationship(
  tenant: TenantConfig,
  relationships: DirectoryOrganizationRelationship[] | Error,
): Finding[] {
  if (!tenant.onPremisesScope) return [];
  if (relationships instanceof Error)
    return [
      failWith(
        'hybrid-relationship',
        `Reading the organization relationships failed: ${relationships.message}`,
      ),
    ];
  if (relationships.length === 0)
    return [failWith('hybrid-relationship', `${tenant.displayName} has no organization relationship.`)];
  if (!relationships.some((r) => r.enabled)) {
    const names = relationships.map((r) => r.identity).join(', ');
    return [failWith('hybrid-relationship', `The organization relationship (${names}) is disabled.`)];
  }
  return [];
}

/** Every user's findings, in parallel within the tenant's limit. */
export async function hybridUserFindings(
  directory: DirectoryProvider,
  tenant: TenantConfig,
  tenants: TenantsFile,
  emails: string[],
  limit: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<Map<string, Finding[]>> {
  const users = new Map<string, Finding[]>();
  await Promise.all(
    emails.map((email) =>
      limit(async () => {
        const findings = checkHybridUser(email, await directory.getMailUser(email), tenant, tenants);
        if (findings.length > 0) users.set(email, findings);
      }),
    ),
  );
  return users;
}
