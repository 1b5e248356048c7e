import type { MigrationEndpoint, Tenant } from '../seed/world-types';

/** A migration endpoint of the tenant by name (case-insensitive) or GUID. */
export function findEndpoint(tenant: Tenant, identity: string): MigrationEndpoint | undefined {
  const wanted = identity.trim().toLowerCase();
  return tenant.endpoints.find((e) => e.name.toLowerCase() === wanted || e.guid === wanted);
}
