import type { DirectoryGroup, Recipient } from './world-types';

export interface ScopeGroupIds {
  name: string;
  objectId: string;
  mail: string;
  /** When given, the second half of the members sit in this nested group instead. */
  nested?: { name: string; objectId: string; mail: string };
}

/**
 * The mail-enabled security group a source tenant publishes as its move scope (with an optional
 * nested group), holding every mover. Returns the groups to add to the tenant.
 */
export function scopeGroups(ids: ScopeGroupIds, movers: Recipient[]): DirectoryGroup[] {
  const memberIds = movers.map((r) => r.objectId);
  if (!ids.nested) {
    return [{ objectId: ids.objectId, name: ids.name, mail: ids.mail, memberIds, groupIds: [] }];
  }
  const half = Math.ceil(memberIds.length / 2);
  return [
    {
      objectId: ids.objectId,
      name: ids.name,
      mail: ids.mail,
      memberIds: memberIds.slice(0, half),
      groupIds: [ids.nested.objectId],
    },
    { ...ids.nested, memberIds: memberIds.slice(half), groupIds: [] },
  ];
}
