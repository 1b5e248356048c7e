import { skuIdFor } from '../seed/licences';
import { resourceNotFound } from './graph-error';
import { findGraphUser } from './graph-directory';
import type { GraphRoute } from './graph-route';

/** GET /users/{id | userPrincipalName}/licenseDetails: the user's assigned licences. */
export const licenseDetailsRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/([^/]+)\/licenseDetails\/?$/i,
  params: ['user'],
  name: 'GET licenseDetails',
  handle({ tenants, params, serviceRoot }) {
    const id = params[0] ?? '';
    const found = findGraphUser(tenants, id);
    if (!found) throw resourceNotFound(id);
    const { user } = found;
    return {
      tenant: found.tenant,
      body: {
        '@odata.context': `${serviceRoot}/$metadata#users('${user.objectId}')/licenseDetails`,
        value: user.licences.map((skuPartNumber) => {
          const skuId = skuIdFor(skuPartNumber);
          return {
            id: Buffer.from(`${skuId}/${user.objectId}`).toString('base64url').slice(0, 43),
            skuId,
            skuPartNumber,
            servicePlans: [],
          };
        }),
      },
    };
  },
};
