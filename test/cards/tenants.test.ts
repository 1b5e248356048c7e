import { describe, expect, it } from 'vitest';
import { TENANTS_CARD_MAX, tenantsCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, facts, texts } from './card-query';

describe('tenantsCard', () => {
  it('shows each tenant with its facts and the caller roles', () => {
    const card = tenantsCard({
      tenants: [
        {
          id: 'fabrikam.onmicrosoft.com',
          displayName: 'Fabrikam',
          scenarios: ['cross-tenant', 'hybrid'],
          targetDeliveryDomain: 'fabrikam.mail.onmicrosoft.com',
          endpoint: 'Fabrikam-XT',
          roles: ['admin', 'approver'],
        },
        {
          id: 'contoso',
          displayName: 'Contoso',
          targetDeliveryDomain: 'contoso.mail.onmicrosoft.com',
          roles: [],
        },
      ],
    });
    expectValidCard(card);
    expect(texts(card)).toEqual(['Tenants', '2 tenants', 'Fabrikam', 'Contoso']);
    expect(facts(card)).toEqual([
      {
        'Tenant ID': 'fabrikam.onmicrosoft.com',
        'Target delivery domain': 'fabrikam.mail.onmicrosoft.com',
        Scenarios: 'cross-tenant, hybrid',
        Endpoint: 'Fabrikam-XT',
        'Your roles': 'admin, approver',
      },
      {
        'Tenant ID': 'contoso',
        'Target delivery domain': 'contoso.mail.onmicrosoft.com',
        Scenarios: 'All',
        'Your roles': 'None',
      },
    ]);
    expect(executeActions(card)).toEqual([]);
  });

  it('says when no tenants are set up', () => {
    const card = tenantsCard({ tenants: [] });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Tenants',
      'No tenants are set up yet. An admin adds them in the configuration.',
    ]);
  });

  it(`lists at most ${TENANTS_CARD_MAX} tenants for large hosters`, () => {
    const tenants = Array.from({ length: 300 }, (_, i) => ({
      id: `customer${i}.onmicrosoft.com`,
      displayName: `Hosted customer ${i}`,
      scenarios: ['hybrid'],
      targetDeliveryDomain: `customer${i}.mail.onmicrosoft.com`,
      endpoint: `hybrid-${i}`,
      roles: ['viewer'],
    }));
    const card = tenantsCard({ tenants });
    expectValidCard(card);
    expect(facts(card)).toHaveLength(TENANTS_CARD_MAX);
    expect(texts(card)[1]).toBe('300 tenants');
    expect(texts(card).at(-1)).toBe('…and 260 more.');
  });
});
