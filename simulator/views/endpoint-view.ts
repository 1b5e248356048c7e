import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { MigrationEndpoint } from '../seed/world-types';

/** An endpoint as Get-MigrationEndpoint returns it. */
export function endpointView(endpoint: MigrationEndpoint): PropertyBag {
  return new BagBuilder()
    .set('Identity', endpoint.name)
    .set('Name', endpoint.name)
    .guid('Guid', endpoint.guid)
    .set('EndpointType', endpoint.endpointType)
    .set('RemoteServer', endpoint.remoteServer)
    .set('RemoteTenant', endpoint.remoteTenant ?? null)
    .guid('ApplicationId', endpoint.applicationId ?? null)
    .set('MaxConcurrentMigrations', endpoint.maxConcurrentMigrations)
    .set('MaxConcurrentIncrementalSyncs', endpoint.maxConcurrentIncrementalSyncs)
    .set('IsRemote', true)
    .build();
}
