import { BagBuilder, type PropertyBag } from '../protocol/property-bag';
import type { OrganizationRelationship } from '../seed/world-types';

/** A relationship as Get-OrganizationRelationship returns it. */
export function organizationRelationshipView(relationship: OrganizationRelationship): PropertyBag {
  return new BagBuilder()
    .set('Identity', relationship.name)
    .set('Name', relationship.name)
    .strings('DomainNames', relationship.domainNames)
    .set('Enabled', relationship.enabled)
    .set('MailboxMoveEnabled', relationship.mailboxMoveEnabled)
    .set('MailboxMoveCapability', relationship.mailboxMoveCapability)
    .set('OAuthApplicationId', relationship.oauthApplicationId ?? null)
    .strings('MailboxMovePublishedScopes', relationship.mailboxMovePublishedScopes)
    .build();
}
