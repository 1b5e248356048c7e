import type { Tenant } from '../seed/world-types';

/** One tenant as GET /_simulator/tenants lists it (the small JSON endpoint for tooling). */
export function tenantListing(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    domain: tenant.domain,
    displayName: tenant.displayName,
    role: tenant.role,
    acceptedDomains: tenant.acceptedDomains,
    endpoints: tenant.endpoints.map((e) => ({
      name: e.name,
      guid: e.guid,
      type: e.endpointType,
      remoteServer: e.remoteServer,
      ...(e.remoteTenant ? { remoteTenant: e.remoteTenant } : {}),
      ...(e.unreachable ? { unreachable: true } : {}),
    })),
    ...(tenant.onPremisesScope ? { onPremisesScope: tenant.onPremisesScope } : {}),
    ...(tenant.onPremises
      ? {
          onPremises: {
            version: tenant.onPremises.version,
            directorySync: tenant.onPremises.directorySync,
            mailboxes: tenant.onPremises.mailboxes.map((m) => ({
              email: m.email,
              displayName: m.displayName,
              legacyExchangeDN: m.legacyExchangeDN,
              sizeBytes: m.sizeBytes,
            })),
          },
        }
      : {}),
    organizationRelationships: tenant.organizationRelationships,
    groups: tenant.groups.map((g) => ({ objectId: g.objectId, name: g.name, mail: g.mail })),
    recipients: tenant.recipients.map((r) => ({
      email: r.email,
      displayName: r.displayName,
      recipientType: r.recipientType,
      recipientTypeDetails: r.recipientTypeDetails,
      sizeBytes: r.sizeBytes,
      itemCount: r.itemCount,
      exchangeGuid: r.exchangeGuid,
      ...(r.externalEmailAddress ? { externalEmailAddress: r.externalEmailAddress } : {}),
      ...(r.seededFailure ? { seededFailure: r.seededFailure } : {}),
      objectId: r.objectId,
      userPrincipalName: r.userPrincipalName,
      ...(r.archiveGuid ? { archiveGuid: r.archiveGuid } : {}),
      licences: r.licences,
      ...(r.onPremisesDistinguishedName
        ? { onPremisesDistinguishedName: r.onPremisesDistinguishedName }
        : {}),
    })),
  };
}

/** Matches a tenant by GUID, short name, onmicrosoft domain or accepted domain (case-insensitive). */
export function tenantMatches(tenant: Tenant, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return tenant.id === w || tenant.name === w || tenant.domain === w || tenant.acceptedDomains.includes(w);
}
