import { invalidArgument } from '../protocol/cmdlet-error';
import type { PropertyBag } from '../protocol/property-bag';
import type { MigrationEndpoint } from '../seed/world-types';
import { type EndpointTestOutcome, endpointTestView } from '../views/endpoint-test-view';
import { bindParameters, type CmdletContext, enumParameter } from '../cmdlets/cmdlet-context';

const PARAMETERS = [
  'ExchangeOutlookAnywhere',
  'RPCProxyServer',
  'ExchangeServer',
  'Credentials',
  'EmailAddress',
  'Autodiscover',
  'MailboxPermission',
  'Authentication',
  'SourceMailboxLegacyDN',
  'TestMailbox',
  'Partition',
];
const CONNECTION_FAILED = 'Microsoft.Exchange.Migration.MigrationServerConnectionFailedException';
const ACCESS_DENIED = 'Microsoft.Exchange.Migration.MigrationServerConnectionAccessDeniedException';

/** Whether the call uses the explicit Outlook Anywhere form (`-ExchangeOutlookAnywhere`). */
export function isOutlookAnywhereTest(parameters: Record<string, unknown>): boolean {
  return Object.entries(parameters).some(
    ([key, value]) => key.toLowerCase() === 'exchangeoutlookanywhere' && value === true,
  );
}

/**
 * The user name of a PSCredential as it arrives over InvokeCommand (an object with UserName, or
 * `user` text); the password is only checked to be there and is never kept or echoed.
 */
function credentialUser(value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value.split(':', 1)[0]!.trim();
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    const user = entries.find(([k]) => k.toLowerCase() === 'username')?.[1];
    const password = entries.find(([k]) => k.toLowerCase() === 'password')?.[1];
    if (typeof user === 'string' && user.trim() !== '' && password !== undefined && password !== '')
      return user.trim();
  }
  throw invalidArgument(
    'Credentials',
    'Cannot convert the value to type "System.Management.Automation.PSCredential".',
  );
}

function outcome(
  context: CmdletContext,
  endpoint: MigrationEndpoint | undefined,
  proxy: string,
  user: string,
  email?: string,
): EndpointTestOutcome {
  if (!endpoint || context.state.isEndpointDown(endpoint.name) || endpoint.unreachable) {
    const message = `The connection to the server '${proxy}' could not be completed.`;
    return { result: 'Failed', message, errorDetail: `${CONNECTION_FAILED}: ${message}` };
  }
  if (user.toLowerCase() !== endpoint.outlookAnywhere?.username.toLowerCase()) {
    const message = `The server '${proxy}' refused the credentials of '${user}': access is denied. Use the migration administrator, who has access to every mailbox.`;
    return { result: 'Failed', message, errorDetail: `${ACCESS_DENIED}: ${message}` };
  }
  const mailboxes = context.tenant.onPremises?.mailboxes ?? [];
  if (email !== undefined && !mailboxes.some((m) => m.email.toLowerCase() === email.toLowerCase())) {
    return {
      result: 'Failed',
      message: `The mailbox '${email}' couldn't be found on the on-premises Exchange server.`,
    };
  }
  return { result: 'Success', message: '' };
}

/**
 * Test-MigrationServerAvailability -ExchangeOutlookAnywhere -RPCProxyServer -Credentials [-ExchangeServer]
 * [-EmailAddress] [-MailboxPermission] [-Authentication]: whether on-premises Exchange answers through
 * that RPC proxy with those credentials, before (or without) an endpoint. The simulator knows an
 * organization by the RPC proxy of one of the tenant's Outlook Anywhere endpoints.
 */
export function testOutlookAnywhere(context: CmdletContext): { value: PropertyBag[] } {
  const p = bindParameters(context, PARAMETERS, ['RPCProxyServer', 'Credentials']);
  enumParameter(p, 'MailboxPermission', ['Admin', 'FullAccess'], 'MigrationMailboxPermission');
  enumParameter(p, 'Authentication', ['Basic', 'Ntlm'], 'AuthenticationMethod');
  const proxy = (p.string('RPCProxyServer') ?? '').trim();
  const user = credentialUser(p.raw('Credentials'));
  const endpoint = context.tenant.endpoints.find(
    (e) =>
      e.endpointType === 'ExchangeOutlookAnywhere' && e.remoteServer.toLowerCase() === proxy.toLowerCase(),
  );
  const email = p.string('EmailAddress')?.trim() || undefined;
  return { value: [endpointTestView(endpoint, outcome(context, endpoint, proxy, user, email))] };
}
