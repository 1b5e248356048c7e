import type { Recipient, Tenant } from '../seed/world-types';
import { mailboxPermissionView, type PermissionEntry } from '../views/mailbox-permission-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';
import { requireMailbox } from './recipient-lookup';

/** The directory partition in the server name (`...DC03.NAMPR11A002.PROD...` → `NAMPR11A002`). */
function partition(tenant: Tenant): string {
  return tenant.server.split('.')[1] ?? tenant.server;
}

/**
 * The entries Exchange lists for a mailbox: the owner's own (NT AUTHORITY\SELF), the explicit grants,
 * and an inherited deny from the directory partition, which clients must not read as a delegate.
 */
function entriesFor(tenant: Tenant, mailbox: Recipient): PermissionEntry[] {
  return [
    {
      user: 'NT AUTHORITY\\SELF',
      accessRights: ['FullAccess', 'ReadPermission'],
      isInherited: false,
      deny: false,
    },
    ...mailbox.fullAccessGrantedTo.map((user) => ({
      user,
      accessRights: ['FullAccess'],
      isInherited: false,
      deny: false,
    })),
    {
      user: `${partition(tenant)}\\Administrator`,
      accessRights: ['FullAccess'],
      isInherited: true,
      deny: true,
    },
  ];
}

/** Get-MailboxPermission: the access control entries of one mailbox, optionally for one User. */
export const getMailboxPermission: Cmdlet = {
  name: 'Get-MailboxPermission',
  run(context) {
    const p = bindParameters(context, ['Identity', 'User', 'ResultSize'], ['Identity']);
    const mailbox = requireMailbox(context, p.string('Identity') ?? '');
    const user = p.string('User')?.trim().toLowerCase();
    const entries = entriesFor(context.tenant, mailbox).filter(
      (e) => user === undefined || user === '' || e.user.toLowerCase() === user,
    );
    return {
      value: entries.map((e) => mailboxPermissionView(mailbox.alias, e)),
      resultSize: p.resultSize(),
    };
  },
};
