import type { DirectoryGroup, Recipient, Tenant } from '../seed/world-types';

/**
 * Directory look-ups as Microsoft Graph makes them. Graph is one service for every tenant here, so a
 * user or group is found in whichever tenant holds it (object ids and UPNs are unique across them).
 */

export interface GraphUser {
  tenant: Tenant;
  user: Recipient;
}

export interface GraphGroup {
  tenant: Tenant;
  group: DirectoryGroup;
}

export type DirectoryMember = { kind: 'user'; user: Recipient } | { kind: 'group'; group: DirectoryGroup };

/** A user by object id or user principal name (case-insensitive). */
export function findGraphUser(tenants: readonly Tenant[], idOrUpn: string): GraphUser | undefined {
  const wanted = idOrUpn.trim().toLowerCase();
  for (const tenant of tenants) {
    const user = tenant.recipients.find(
      (r) => r.objectId === wanted || r.userPrincipalName.toLowerCase() === wanted,
    );
    if (user) return { tenant, user };
  }
  return undefined;
}

export function findGraphGroup(tenants: readonly Tenant[], id: string): GraphGroup | undefined {
  const wanted = id.trim().toLowerCase();
  for (const tenant of tenants) {
    const group = tenant.groups.find((g) => g.objectId === wanted);
    if (group) return { tenant, group };
  }
  return undefined;
}

/**
 * Every member of the group, nested groups and their members included, each once: the group's own
 * users, then each nested group followed by its members.
 */
export function transitiveMembers({ tenant, group }: GraphGroup): DirectoryMember[] {
  const users = new Map(tenant.recipients.map((r) => [r.objectId, r]));
  const groups = new Map(tenant.groups.map((g) => [g.objectId, g]));
  const members: DirectoryMember[] = [];
  const seen = new Set<string>([group.objectId]);
  const visit = (current: DirectoryGroup) => {
    for (const id of current.memberIds) {
      const user = users.get(id);
      if (user && !seen.has(id)) members.push({ kind: 'user', user });
      seen.add(id);
    }
    for (const id of current.groupIds) {
      const nested = groups.get(id);
      if (!nested || seen.has(id)) continue;
      seen.add(id);
      members.push({ kind: 'group', group: nested });
      visit(nested);
    }
  };
  visit(group);
  return members;
}
