import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TENANTS_CARD_MAX, tenantsCard } from '../../cards';
import { SCENARIOS } from '../../services/model/statuses';
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

  it('the demo tenants are named only after the scenarios they are set up for', () => {
    const demo = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../config/tenants.demo.json'), 'utf8'),
    ) as {
      tenants: { id: string; displayName: string; scenarios: string[]; targetDeliveryDomain: string }[];
    };
    const words: Record<string, RegExp> = {
      'cross-tenant': /cross[- ]tenant/i,
      hybrid: /hybrid/i,
      staged: /staged/i,
      'third-party': /third[- ]party/i,
      hosted: /hosted/i,
    };
    expect(Object.keys(words).sort()).toEqual([...SCENARIOS].sort());
    for (const tenant of demo.tenants) {
      const promised = SCENARIOS.filter((scenario) => words[scenario]!.test(tenant.displayName));
      expect(
        promised.filter((scenario) => !tenant.scenarios.includes(scenario)),
        tenant.displayName,
      ).toEqual([]);
    }
    // The tenants card names each tenant with the scenarios it is set up for beside it.
    const card = tenantsCard({ tenants: demo.tenants.map((t) => ({ ...t, roles: [] })) });
    expectValidCard(card);
    expect(texts(card).slice(2)).toEqual(demo.tenants.map((t) => t.displayName));
    expect(facts(card).map((f) => f.Scenarios)).toEqual(demo.tenants.map((t) => t.scenarios.join(', ')));
  });
});
