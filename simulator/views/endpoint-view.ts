import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { MigrationEndpoint } from '../seed/world-types';

/** An endpoint as Get-MigrationEndpoint returns it (an Outlook Anywhere one with its connection settings). */
export function endpointView(endpoint: MigrationEndpoint): PropertyBag {
  const oa = endpoint.outlookAnywhere;
  const bag = new BagBuilder()
    .set('Identity', endpoint.name)
    .set('Name', endpoint.name)
    .guid('Guid', endpoint.guid)
    .set('EndpointType', endpoint.endpointType)
    .set('RemoteServer', endpoint.remoteServer)
    .set('RemoteTenant', endpoint.remoteTenant ?? null)
    .guid('ApplicationId', endpoint.applicationId ?? null)
    .set('MaxConcurrentMigrations', endpoint.maxConcurrentMigrations)
    .set('MaxConcurrentIncrementalSyncs', endpoint.maxConcurrentIncrementalSyncs)
    .set('IsRemote', true);
  if (oa) {
    bag
      .set('RpcProxyServer', endpoint.remoteServer)
      .set('ExchangeServer', oa.exchangeServer)
      .set('Username', oa.username)
      .set('MailboxPermission', oa.mailboxPermission)
      .set('Authentication', oa.authentication);
  }
  return bag.build();
}
