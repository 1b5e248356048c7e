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

/** Per world (its tenant list): users by object id and by lower-case UPN, built once. */
const userIndex = new WeakMap<readonly Tenant[], Map<string, GraphUser>>();

function indexOf(tenants: readonly Tenant[]): Map<string, GraphUser> {
  let index = userIndex.get(tenants);
  if (!index) {
    index = new Map();
    for (const tenant of tenants) {
      for (const user of tenant.recipients) {
        index.set(user.objectId, { tenant, user });
        index.set(user.userPrincipalName.toLowerCase(), { tenant, user });
      }
    }
    userIndex.set(tenants, index);
  }
  return index;
}

/** A user by object id or user principal name (case-insensitive). */
export function findGraphUser(tenants: readonly Tenant[], idOrUpn: string): GraphUser | undefined {
  return indexOf(tenants).get(idOrUpn.trim().toLowerCase());
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
