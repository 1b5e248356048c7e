import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

type Node = Record<string, unknown>;

function findInput(card: Node, id: string): Node | undefined {
  let found: Node | undefined;
  const visit = (value: unknown): void => {
    if (found || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Node;
    if (node.id === id && String(node.type).startsWith('Input.')) found = node;
    else for (const child of Object.values(node)) visit(child);
  };
  visit(card);
  return found;
}

describe('the batch form offers each tenant only its own scenarios (demo tenants, over HTTP)', () => {
  let stack: Stack;
  let csv: string;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    csv = ['EmailAddress', ...(await northwindUsers(stack.simulator.url, 2))].join('\n');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const submit = async (data: Record<string, unknown>) => {
    const answer = await postActivity(
      stack.bot.url,
      makeInvoke({ verb: 'batch.create', data, from: USERS.alex, serviceUrl: stack.connector.url }),
    );
    const card = (answer.body as { value: Node }).value;
    expectValidCard(card);
    return card;
  };
  const batches = () => stack.bot.services.ctx.repos.batches;

  it('lists one choice per tenant and scenario the tenant is set up for', async () => {
    const before = stack.connector.calls.length;
    await postActivity(
      stack.bot.url,
      makeMessage({ text: 'batch new', from: USERS.alex, serviceUrl: stack.connector.url }),
    );
    const reply = await eventually(
      () => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'),
      5000,
      'the form',
    );
    const form = cardOf(reply.body);
    expectValidCard(form);
    const target = findInput(form, 'target')!;
    expect((target.choices as { value: string }[]).map((c) => c.value)).toEqual([
      'northwind/cross-tenant',
      'woodgrove/cross-tenant',
      'fabrikam/hybrid',
      'contoso/third-party',
      'litware/hosted',
      'northwind-graph/cross-tenant',
      'alpineskihouse/hybrid',
      'cohowinery/hybrid',
      'proseware/hybrid',
      'wideworldimporters/hybrid',
      'adatum/staged',
    ]);
    expect(target.value).toBe('northwind/cross-tenant');
    expect(findInput(form, 'tenant')).toBeUndefined();
    expect(findInput(form, 'scenario')).toBeUndefined();
  });

  it('refuses a scenario the tenant is not set up for, with the form back, and creates nothing', async () => {
    const calls = stack.simulator.calls({ cmdlet: 'New-MigrationBatch' }).length;
    const form = await submit({ target: 'fabrikam/cross-tenant', name: 'Forged', csv });
    expect(cardText(form)).toContain(
      'Fabrikam (hybrid onboarding) is not set up for cross-tenant (it runs hybrid).',
    );
    expect(findInput(form, 'target')?.value).toBe('fabrikam/hybrid');
    expect(findInput(form, 'name')?.value).toBe('Forged');
    const noScenario = await submit({ target: 'northwind', name: 'Forged', csv });
    expect(cardText(noScenario)).toContain('Unknown scenario ""');
    expect(await batches().read('fabrikam', 'fabrikam~forged')).toBeNull();
    expect(await batches().read('northwind', 'northwind~forged')).toBeNull();
    expect(stack.simulator.calls({ cmdlet: 'New-MigrationBatch' })).toHaveLength(calls);
  });

  it('creates the batch for the chosen pair', async () => {
    const card = await submit({ target: 'northwind/cross-tenant', name: 'FormWave', csv });
    expect(cardText(card)).toContain('FormWave');
    const stored = await batches().read('northwind', 'northwind~formwave');
    expect(stored).toMatchObject({ tenantId: 'northwind', scenario: 'cross-tenant', userCount: 2 });
  });
});
