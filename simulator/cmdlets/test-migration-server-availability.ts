import type { MigrationEndpoint } from '../seed/world-types';
import { type EndpointTestOutcome, endpointTestView } from '../views/endpoint-test-view';
import { bindParameters, type Cmdlet, type CmdletContext } from './cmdlet-context';
import { findEndpoint } from './endpoint-lookup';
import { identityMatches } from './recipient-lookup';
import { isOutlookAnywhereTest, testOutlookAnywhere } from '../staged/test-outlook-anywhere';

const PARAMETERS = ['Endpoint', 'TestMailbox', 'Partition'];
const CONNECTION_FAILED = 'Microsoft.Exchange.Migration.MigrationServerConnectionFailedException';

function isMailUser(context: CmdletContext, identity: string): boolean {
  return context.tenant.recipients.some(
    (r) => r.recipientType === 'MailUser' && identityMatches(r, identity),
  );
}

function outcomeFor(
  context: CmdletContext,
  name: string,
  endpoint: MigrationEndpoint | undefined,
  testMailbox: string | undefined,
): EndpointTestOutcome {
  if (!endpoint) {
    return { result: 'Failed', message: `The migration endpoint '${name}' couldn't be found.` };
  }
  if (endpoint.unreachable || context.state.isEndpointDown(endpoint.name)) {
    const message = `The connection to the server '${endpoint.remoteServer}' could not be completed.`;
    return { result: 'Failed', message, errorDetail: `${CONNECTION_FAILED}: ${message}` };
  }
  if (testMailbox !== undefined && !isMailUser(context, testMailbox)) {
    return {
      result: 'Failed',
      message:
        `The test mailbox '${testMailbox}' isn't a mail user in ${context.tenant.displayName}. ` +
        'Specify the mail user that will receive the moved mailbox.',
    };
  }
  return { result: 'Success', message: '' };
}

/**
 * Test-MigrationServerAvailability -Endpoint [-TestMailbox]: whether the endpoint's remote side
 * answers and the test mailbox can be a move target. A problem is a Failed result, not an error.
 */
export const testMigrationServerAvailability: Cmdlet = {
  name: 'Test-MigrationServerAvailability',
  run(context) {
    if (isOutlookAnywhereTest(context.parameters)) return testOutlookAnywhere(context);
    const p = bindParameters(context, PARAMETERS, ['Endpoint']);
    const name = p.string('Endpoint') ?? '';
    const endpoint = findEndpoint(context.tenant, name);
    const testMailbox = p.string('TestMailbox')?.trim() || undefined;
    return { value: [endpointTestView(endpoint, outcomeFor(context, name, endpoint, testMailbox))] };
  },
};
