import { describe, expect, it } from 'vitest';
import { WELCOME_CARD_MAX_TENANTS, welcomeCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, texts } from './card-query';

describe('welcomeCard', () => {
  it('says what Cutover is, points to help and lists the reader roles per tenant', () => {
    const card = welcomeCard({
      tenants: [
        { name: 'Northwind Traders', roles: ['admin', 'operator'] },
        { name: 'Fabrikam', roles: ['viewer'] },
        { name: 'Contoso', roles: [] },
      ],
    });
    expectValidCard(card);
    const all = texts(card).join('\n');
    expect(all).toContain('Welcome to Cutover');
    expect(all).toContain('mailbox migrations');
    expect(all).toContain('**help**');
    expect(JSON.stringify(card)).toContain('"title":"Northwind Traders","value":"admin, operator"');
    expect(JSON.stringify(card)).toContain('"title":"Fabrikam","value":"viewer"');
    expect(JSON.stringify(card)).not.toContain('Contoso');
    expect(all).not.toContain('no Cutover roles');
    expect(executeActions(card)).toEqual([]);
  });

  it('tells someone with no role that they have none yet', () => {
    const card = welcomeCard({ tenants: [] });
    expectValidCard(card);
    expect(texts(card).join('\n')).toContain('You have no Cutover roles yet');
    expect(JSON.stringify(card)).not.toContain('FactSet');
  });

  it('keeps the list bounded and shows tenant names escaped', () => {
    const tenants = Array.from({ length: 30 }, (_, i) => ({ name: `T${i} <b>\u202E`, roles: ['viewer'] }));
    const card = welcomeCard({ tenants });
    expectValidCard(card);
    const facts = JSON.stringify(card).match(/"title":"T\d+/g) ?? [];
    expect(facts).toHaveLength(WELCOME_CARD_MAX_TENANTS);
    expect(JSON.stringify(card)).not.toContain('\u202E');
    expect(JSON.stringify(card)).not.toContain('<b>');
  });
});
