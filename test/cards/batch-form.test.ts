import { describe, expect, it } from 'vitest';
import {
  BATCH_FORM_MAX_CSV_PREFILL,
  BATCH_FORM_MAX_ERRORS,
  BATCH_FORM_MAX_TARGETS,
  BATCH_NAME_PATTERN,
  batchFormCard,
  formTarget,
  ISO_DATETIME_PATTERN,
  parseFormTarget,
} from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, inputById, nodes, texts } from './card-query';

const tenants = [
  { id: 'tenant-fab', displayName: 'Fabrikam', targetDeliveryDomain: 'fabrikam.mail.onmicrosoft.com' },
  { id: 'tenant-con', displayName: 'Contoso', targetDeliveryDomain: 'contoso.mail.onmicrosoft.com' },
];
const scenarios = [
  { id: 'cross-tenant', title: 'Cross-tenant (EXO to EXO)' },
  { id: 'staged', title: 'Staged' },
];

describe('batchFormCard', () => {
  it('has the inputs with the expected ids, kinds and rules', () => {
    const card = batchFormCard({ tenants, scenarios });
    expectValidCard(card);
    const inputs = nodes(card).filter((n) => String(n.type).startsWith('Input.'));
    expect(inputs.map((i) => [i.id, i.type])).toEqual([
      ['target', 'Input.ChoiceSet'],
      ['name', 'Input.Text'],
      ['csv', 'Input.Text'],
      ['targetDeliveryDomain', 'Input.Text'],
      ['completeAfter', 'Input.Text'],
    ]);
    // Tenants without a scenario list are set up for every scenario offered.
    expect(inputById(card, 'target')).toMatchObject({
      label: 'Tenant and scenario',
      isRequired: true,
      value: 'tenant-fab/cross-tenant',
      choices: [
        { title: 'Fabrikam · Cross-tenant (EXO to EXO)', value: 'tenant-fab/cross-tenant' },
        { title: 'Fabrikam · Staged', value: 'tenant-fab/staged' },
        { title: 'Contoso · Cross-tenant (EXO to EXO)', value: 'tenant-con/cross-tenant' },
        { title: 'Contoso · Staged', value: 'tenant-con/staged' },
      ],
    });
    expect(inputById(card, 'name')).toMatchObject({ isRequired: true, regex: BATCH_NAME_PATTERN, value: '' });
    expect(inputById(card, 'csv')).toMatchObject({ isRequired: true, isMultiline: true, value: '' });
    expect(String(inputById(card, 'csv').placeholder).split('\n')[0]).toBe('EmailAddress');
    expect(inputById(card, 'targetDeliveryDomain').value).toBe('');
    expect(inputById(card, 'completeAfter')).toMatchObject({ regex: ISO_DATETIME_PATTERN, value: '' });
    expect(texts(card)).toContain(
      "Leave blank for the tenant's default: Fabrikam: fabrikam.mail.onmicrosoft.com; Contoso: contoso.mail.onmicrosoft.com",
    );
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('submits with batch.create and empty data', () => {
    const actions = executeActions(batchFormCard({ tenants, scenarios }));
    expect(actions).toEqual([
      { type: 'Action.Execute', title: 'Create batch', verb: 'batch.create', data: {}, style: 'positive' },
    ]);
  });

  it('the name rule accepts allowed batch names and refuses others', () => {
    const rule = new RegExp(BATCH_NAME_PATTERN);
    for (const ok of ['Sales wave 1', 'a', 'HR_2026.q4-b', 'x'.repeat(64)]) expect(rule.test(ok)).toBe(true);
    for (const bad of ['', ' lead', '-x', 'x'.repeat(65), 'semi;colon', 'ünï'])
      expect(rule.test(bad)).toBe(false);
  });

  it('the time rule needs an ISO-8601 time with a zone', () => {
    const rule = new RegExp(ISO_DATETIME_PATTERN);
    for (const ok of ['2026-11-22T18:00:00Z', '2026-11-22T18:00Z', '2026-11-22T18:00:00.123+01:00']) {
      expect(rule.test(ok)).toBe(true);
    }
    for (const bad of ['2026-11-22', '2026-11-22 18:00', '2026-11-22T18:00:00', 'tomorrow']) {
      expect(rule.test(bad)).toBe(false);
    }
  });

  it('shows errors at the top in attention colour and keeps the entered values', () => {
    const card = batchFormCard({
      tenants,
      scenarios,
      values: {
        tenant: 'tenant-con',
        scenario: 'staged',
        name: 'Wave 2',
        csv: 'EmailAddress\nann@contoso.com',
        completeAfter: '2026-11-22T18:00:00Z',
      },
      errors: ['Row 2: EmailAddress is empty.', 'The name Wave 2 is taken.'],
    });
    expectValidCard(card);
    const top = card.body?.[0] as { type: string; style: string; items: { text: string; color: string }[] };
    expect(top.type).toBe('Container');
    expect(top.style).toBe('attention');
    expect(top.items.map((i) => [i.text, i.color])).toEqual([
      ['Please fix these 2 problems:', 'attention'],
      ['Row 2: EmailAddress is empty.', 'attention'],
      ['The name Wave 2 is taken.', 'attention'],
    ]);
    expect(inputById(card, 'target').value).toBe('tenant-con/staged');
    expect(inputById(card, 'name').value).toBe('Wave 2');
    expect(inputById(card, 'csv').value).toBe('EmailAddress\nann@contoso.com');
    expect(inputById(card, 'targetDeliveryDomain').value).toBe('');
    expect(inputById(card, 'completeAfter').value).toBe('2026-11-22T18:00:00Z');
  });

  it('prefers an entered delivery domain and says "this" for one error', () => {
    const card = batchFormCard({
      tenants: [tenants[0]!],
      scenarios,
      values: { targetDeliveryDomain: 'other.example' },
      errors: ['CSV is empty.'],
    });
    expectValidCard(card);
    expect(texts(card)[0]).toBe('Please fix this:');
    expect(inputById(card, 'targetDeliveryDomain').value).toBe('other.example');
    expect(texts(card).some((t) => t.startsWith('Leave blank for'))).toBe(true);
  });

  it('titles the rows with the headline that counts the problems, not the lines', () => {
    const card = batchFormCard({
      tenants: [tenants[0]!],
      scenarios,
      errors: ['Row 2: a@x is not valid', 'Row 3: b@x is not valid', '…and 59 more'],
      errorsHeadline: 'The CSV has 61 problems; nothing was created.',
    });
    expectValidCard(card);
    expect(texts(card)[0]).toBe('The CSV has 61 problems; nothing was created.');
    expect(texts(card)).toContain('Row 3: b@x is not valid');
  });

  it('says what is missing and offers no inputs without tenants or scenarios', () => {
    const card = batchFormCard({ tenants: [], scenarios: [] });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'New migration batch',
      'No tenants are set up for you. Ask a Cutover admin to add one.',
      'No migration scenarios are enabled. Ask a Cutover admin to enable one.',
    ]);
    expect(nodes(card).some((n) => String(n.type).startsWith('Input.'))).toBe(false);
    expect(executeActions(card)).toEqual([]);
    const noScenarios = batchFormCard({ tenants, scenarios: [] });
    expect(texts(noScenarios)).toEqual([
      'New migration batch',
      'No migration scenarios are enabled. Ask a Cutover admin to enable one.',
    ]);
    expect(executeActions(noScenarios)).toEqual([]);
  });

  it('stays under the size limit with many tenants', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      id: `tenant-${i}`,
      displayName: `Hosted customer ${i}`,
      targetDeliveryDomain: `customer${i}.mail.onmicrosoft.com`,
    }));
    const card = batchFormCard({ tenants: many, scenarios });
    expectValidCard(card);
    expect((inputById(card, 'target').choices as unknown[]).length).toBe(BATCH_FORM_MAX_TARGETS);
    expect(texts(card)).toContain(
      '…and 200 more tenant and scenario pairs are not listed: use "batch create \u2039name\u203A --tenant \u2039id\u203A --scenario \u2039scenario\u203A" for those.',
    );
    expect(texts(card).find((t) => t.startsWith('Leave blank for'))).toMatch(/…and 145 more$/);
    // Long tenant names and scenario titles too.
    const long = many.map((t) => ({ ...t, displayName: `${'D'.repeat(300)}${t.id}` }));
    const longTitles = scenarios.map((s) => ({ ...s, title: `${s.title} ${'t'.repeat(60)}` }));
    expectValidCard(batchFormCard({ tenants: long, scenarios: longTitles }));
  });

  it('offers only the scenarios each tenant is set up for, so the list follows the tenant', () => {
    const card = batchFormCard({
      tenants: [
        { ...tenants[0]!, scenarios: ['staged'] },
        { ...tenants[1]!, scenarios: ['cross-tenant', 'hybrid'] },
        { id: 'tenant-none', displayName: 'Nothing yet', targetDeliveryDomain: 'n.example', scenarios: [] },
      ],
      scenarios: [...scenarios, { id: 'hybrid', title: 'Hybrid' }],
    });
    expectValidCard(card);
    expect(inputById(card, 'target').choices).toEqual([
      { title: 'Fabrikam · Staged', value: 'tenant-fab/staged' },
      { title: 'Contoso · Cross-tenant (EXO to EXO)', value: 'tenant-con/cross-tenant' },
      { title: 'Contoso · Hybrid', value: 'tenant-con/hybrid' },
    ]);
    expect(inputById(card, 'target').value).toBe('tenant-fab/staged');
  });

  it('shows the pair entered before, or the first pair of the tenant entered, when the form comes back', () => {
    const form = (values: { tenant?: string; scenario?: string }) =>
      inputById(batchFormCard({ tenants, scenarios, values }), 'target').value;
    expect(form({ tenant: 'tenant-con', scenario: 'staged' })).toBe('tenant-con/staged');
    expect(form({ tenant: 'tenant-con', scenario: 'hosted' })).toBe('tenant-con/cross-tenant');
    expect(form({ tenant: 'elsewhere', scenario: 'staged' })).toBe('tenant-fab/cross-tenant');
  });

  it('says no scenario is enabled when the tenants have none', () => {
    const card = batchFormCard({ tenants: [{ ...tenants[0]!, scenarios: [] }], scenarios });
    expectValidCard(card);
    expect(texts(card)).toContain('No migration scenarios are enabled. Ask a Cutover admin to enable one.');
    expect(executeActions(card)).toEqual([]);
  });

  it('writes and reads the tenant and scenario of a choice', () => {
    expect(formTarget('northwind', 'cross-tenant')).toBe('northwind/cross-tenant');
    expect(parseFormTarget('northwind/cross-tenant')).toEqual({
      tenant: 'northwind',
      scenario: 'cross-tenant',
    });
    expect(parseFormTarget('northwind')).toEqual({ tenant: 'northwind', scenario: undefined });
    expect(parseFormTarget('/staged')).toEqual({ tenant: undefined, scenario: 'staged' });
  });

  it('caps the error list and does not echo a CSV too long for the card', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `user${i}@fabrikam.com`);
    const csv = ['EmailAddress', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(BATCH_FORM_MAX_CSV_PREFILL);
    const errors = rows.map(
      (_, i) => `Row ${i + 2}: ${'the address is not a MailUser in the target tenant '.repeat(20)}`,
    );
    const card = batchFormCard({ tenants, scenarios, values: { name: 'Big', csv }, errors });
    expectValidCard(card);
    const top = (card.body![0] as { items: { text: string }[] }).items.map((i) => i.text);
    expect(top[0]).toBe('Please fix these 2,000 problems:');
    expect(top).toHaveLength(1 + BATCH_FORM_MAX_ERRORS + 2);
    expect(top[1]!.startsWith('Row 2: ')).toBe(true);
    expect(top[1]!.length).toBe(300);
    expect(top.slice(-2)).toEqual([
      '…and 1,980 more',
      'The CSV was too long to show again: please paste it again.',
    ]);
    expect(inputById(card, 'csv').value).toBe('');
    expect(inputById(card, 'name').value).toBe('Big');
  });
});
