import { objectNotFound } from '../protocol/cmdlet-error';
import { organizationRelationshipView } from '../views/organization-relationship-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';

/** Get-OrganizationRelationship: one relationship by name, or all of the tenant's. */
export const getOrganizationRelationship: Cmdlet = {
  name: 'Get-OrganizationRelationship',
  run(context) {
    const { tenant } = context;
    const p = bindParameters(context, ['Identity']);
    const identity = p.string('Identity');
    if (identity === undefined || identity.trim() === '') {
      return { value: tenant.organizationRelationships.map(organizationRelationshipView) };
    }
    const wanted = identity.trim().toLowerCase();
    const found = tenant.organizationRelationships.find((r) => r.name.toLowerCase() === wanted);
    if (!found) throw objectNotFound(identity, tenant.server);
    return { value: [organizationRelationshipView(found)] };
  },
};
