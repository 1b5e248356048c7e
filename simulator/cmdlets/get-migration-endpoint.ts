import { objectNotFound } from '../protocol/cmdlet-error';
import { ENDPOINT_TYPES } from '../protocol/exchange-enums';
import { endpointView } from '../views/endpoint-view';
import { bindParameters, type Cmdlet, enumParameter } from './cmdlet-context';
import { findEndpoint } from './endpoint-lookup';

/** Get-MigrationEndpoint: one endpoint by name or GUID, or all of them (optionally of one Type). */
export const getMigrationEndpoint: Cmdlet = {
  name: 'Get-MigrationEndpoint',
  run(context) {
    const { tenant } = context;
    const p = bindParameters(context, ['Identity', 'Type', 'DiagnosticInfo', 'Partition']);
    const identity = p.string('Identity');
    if (identity !== undefined && identity !== '') {
      const endpoint = findEndpoint(tenant, identity);
      if (!endpoint) throw objectNotFound(identity, tenant.server);
      return { value: [endpointView(endpoint)] };
    }
    const type = enumParameter(p, 'Type', ENDPOINT_TYPES, 'MigrationType');
    return {
      value: tenant.endpoints.filter((e) => type === undefined || e.endpointType === type).map(endpointView),
    };
  },
};
