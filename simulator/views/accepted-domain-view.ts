import { BagBuilder, type PropertyBag } from '../protocol/property-bag';

/** An accepted domain as Get-AcceptedDomain returns it. */
export function acceptedDomainView(domain: string, isDefault: boolean): PropertyBag {
  return new BagBuilder()
    .set('Identity', domain)
    .set('Name', domain)
    .set('DomainName', domain)
    .set('DomainType', 'Authoritative')
    .set('Default', isDefault)
    .build();
}
