import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { MigrationEndpoint } from '../seed/world-types';

export interface EndpointTestOutcome {
  result: 'Success' | 'Failed';
  message: string;
  /** The exception behind a failure, as Exchange reports it in ErrorDetail. */
  errorDetail?: string;
}

function connectionSettings(endpoint: MigrationEndpoint): string {
  const tenant = endpoint.remoteTenant ? `; RemoteTenant: ${endpoint.remoteTenant}` : '';
  return `EndpointType: ${endpoint.endpointType}; RemoteServer: ${endpoint.remoteServer}${tenant}`;
}

/** The answer of Test-MigrationServerAvailability. */
export function endpointTestView(
  endpoint: MigrationEndpoint | undefined,
  outcome: EndpointTestOutcome,
): PropertyBag {
  return new BagBuilder()
    .set('Result', outcome.result)
    .set('Message', outcome.message)
    .set('ConnectionSettings', endpoint ? connectionSettings(endpoint) : null)
    .set('SupportsCutover', false)
    .set('ErrorDetail', outcome.errorDetail ?? '')
    .set('TestedEndpoint', endpoint?.remoteServer ?? null)
    .set('IsValid', outcome.result === 'Success')
    .build();
}
