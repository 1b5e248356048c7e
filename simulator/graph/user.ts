import { resourceNotFound } from './graph-error';
import { findGraphUser } from './graph-directory';
import type { GraphRoute } from './graph-route';

/** GET /users/{id | userPrincipalName}: the user's Entra object id and names. */
export const userRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/([^/]+)\/?$/i,
  params: ['user'],
  name: 'GET user',
  handle({ tenants, params, serviceRoot }) {
    const id = params[0] ?? '';
    const found = findGraphUser(tenants, id);
    if (!found) throw resourceNotFound(id);
    const { user } = found;
    return {
      tenant: found.tenant,
      body: {
        '@odata.context': `${serviceRoot}/$metadata#users/$entity`,
        id: user.objectId,
        userPrincipalName: user.userPrincipalName,
        mail: user.email,
        displayName: user.displayName,
      },
    };
  },
};
