import type { OrganizationRelationship } from './world-types';

/** The target side of cross-tenant moves: accepts moves in from the source tenant. */
export function inboundRelationship(name: string, sourceTenantId: string): OrganizationRelationship {
  return {
    name,
    domainNames: [sourceTenantId],
    enabled: true,
    mailboxMoveEnabled: true,
    mailboxMoveCapability: 'Inbound',
    mailboxMovePublishedScopes: [],
  };
}

/**
 * The source side: lets the target's migration app pull the members of the published scope groups.
 */
export function remoteOutboundRelationship(
  name: string,
  targetTenantId: string,
  applicationId: string,
  scopes: string[],
): OrganizationRelationship {
  return {
    name,
    domainNames: [targetTenantId],
    enabled: true,
    mailboxMoveEnabled: true,
    mailboxMoveCapability: 'RemoteOutbound',
    oauthApplicationId: applicationId,
    mailboxMovePublishedScopes: scopes,
  };
}

/** A relationship for free/busy sharing only: it allows no mailbox moves. */
export function sharingRelationship(name: string, domains: string[]): OrganizationRelationship {
  return {
    name,
    domainNames: domains,
    enabled: true,
    mailboxMoveEnabled: false,
    mailboxMoveCapability: 'None',
    mailboxMovePublishedScopes: [],
  };
}
