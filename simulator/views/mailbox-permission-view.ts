import { BagBuilder, type PropertyBag } from '../protocol/property-bag';

export interface PermissionEntry {
  user: string;
  accessRights: string[];
  isInherited: boolean;
  deny: boolean;
}

/** One access control entry as Get-MailboxPermission returns it; Identity names the mailbox. */
export function mailboxPermissionView(mailboxIdentity: string, entry: PermissionEntry): PropertyBag {
  return new BagBuilder()
    .set('Identity', mailboxIdentity)
    .set('User', entry.user)
    .strings('AccessRights', entry.accessRights)
    .set('IsInherited', entry.isInherited)
    .set('Deny', entry.deny)
    .set('InheritanceType', 'All')
    .build();
}
