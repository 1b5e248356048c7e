import { ExchangeTransportError } from '../../errors';
import type { DirectoryMailboxPermission, DirectoryProvider } from '../directory-provider';
import type { CallOptions } from '../migration-provider';
import {
  toDirectoryAcceptedDomain,
  toDirectoryMailbox,
  toDirectoryMailboxPermission,
  toDirectoryMailUser,
  toDirectoryOrganizationConfig,
  toDirectoryOrganizationRelationship,
  toDirectoryUser,
  toEndpointTestResult,
} from './directory-parse';
import {
  type CmdletParameters,
  createInvokeCommandClient,
  type ExchangeObject,
  type InvokeCommandClient,
  type InvokeCommandClientOptions,
} from './invoke-command';
import { requireIdentity } from '../provider-input-error';
import { orNull, single } from './single-result';

/** The same connection as the migration provider, or a client already made for it. */
export type ExchangeDirectoryOptions = InvokeCommandClientOptions | { client: InvokeCommandClient };

/** Lists read every object: Exchange's default ResultSize (1000) would cut them short. */
const EVERY = { ResultSize: 'Unlimited' } as const;

/** The owner's own entry, which every mailbox has and which grants nobody else anything. */
function isDelegation(permission: DirectoryMailboxPermission): boolean {
  return !permission.isInherited && permission.user.toUpperCase() !== 'NT AUTHORITY\\SELF';
}

/** DirectoryProvider over Exchange Online's InvokeCommand endpoint (or the simulator that speaks it). */
export function createExchangeDirectory(options: ExchangeDirectoryOptions): DirectoryProvider {
  const client = 'client' in options ? options.client : createInvokeCommandClient(options);
  const run = (cmdlet: string, parameters: CmdletParameters, call?: CallOptions) =>
    client.invoke(cmdlet, parameters, call ?? {});

  /** One object by Identity, null when Exchange does not find it. Never sends an empty Identity. */
  async function getOne<T>(
    cmdlet: string,
    identity: string,
    parse: (bag: ExchangeObject, cmdlet: string) => T,
    call?: CallOptions,
  ): Promise<T | null> {
    const Identity = requireIdentity(cmdlet, identity);
    const found = await orNull(run(cmdlet, { Identity }, call));
    const bag = found && single(cmdlet, found);
    return bag ? parse(bag, cmdlet) : null;
  }

  async function list<T>(
    cmdlet: string,
    parameters: CmdletParameters,
    parse: (bag: ExchangeObject, cmdlet: string) => T,
    call?: CallOptions,
  ): Promise<T[]> {
    return (await run(cmdlet, parameters, call)).map((bag) => parse(bag, cmdlet));
  }

  return {
    getMailbox: (identity, call) => getOne('Get-Mailbox', identity, toDirectoryMailbox, call),
    listMailboxes: (call) => list('Get-Mailbox', EVERY, toDirectoryMailbox, call),
    getMailUser: (identity, call) => getOne('Get-MailUser', identity, toDirectoryMailUser, call),
    listMailUsers: (call) => list('Get-MailUser', EVERY, toDirectoryMailUser, call),
    getUser: (identity, call) => getOne('Get-User', identity, toDirectoryUser, call),
    listAcceptedDomains: (call) => list('Get-AcceptedDomain', {}, toDirectoryAcceptedDomain, call),
    listOrganizationRelationships: (call) =>
      list('Get-OrganizationRelationship', {}, toDirectoryOrganizationRelationship, call),
    async getMailboxPermissions(identity, call) {
      const cmdlet = 'Get-MailboxPermission';
      const parameters = { Identity: requireIdentity(cmdlet, identity), ...EVERY };
      const entries = await list(cmdlet, parameters, toDirectoryMailboxPermission, call);
      return entries.filter(isDelegation);
    },
    async testMigrationServerAvailability(endpoint, testMailbox, call) {
      const cmdlet = 'Test-MigrationServerAvailability';
      const parameters = {
        Endpoint: requireIdentity(cmdlet, endpoint, 'Endpoint'),
        TestMailbox: requireIdentity(cmdlet, testMailbox, 'TestMailbox'),
      };
      const [bag] = await run(cmdlet, parameters, call);
      if (!bag) throw new ExchangeTransportError(cmdlet, 'returned no result');
      return toEndpointTestResult(bag, cmdlet);
    },
    async getOrganizationConfig(call) {
      const cmdlet = 'Get-OrganizationConfig';
      const [bag] = await run(cmdlet, {}, call);
      if (!bag) throw new ExchangeTransportError(cmdlet, 'returned no result');
      return toDirectoryOrganizationConfig(bag, cmdlet);
    },
  };
}
