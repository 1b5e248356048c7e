import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, TYPED_HANDLERS } from '../../../bot/commands/handlers';
import { isFailure, parseCommand } from '../../../bot/commands/parse';
import { COMMANDS } from '../../../bot/commands/specs';
import type { BotEvent } from '../../../bot/event';
import { createExportLinks } from '../../../bot/export-links';
import type { Services } from '../../../services';
import { parseTenantsFile } from '../../../services/config/tenants';
import { appendAudit, listBatchUsers } from '../../../services/store/repositories';
import type { SimulatorHandle } from '../../../simulator';
import { expectValidCard } from '../../support/card-schema';
import { cardText, eventually } from '../../support/cutover';
import { TEST_EXCHANGE } from '../../support/service-context';
import { startServicesOnSimulator } from '../../support/services-on-simulator';
import { northwindUsers } from '../../support/simulator-data';

const TENANTS = parseTenantsFile({
  tenants: [
    {
      id: 'northwind',
      displayName: 'Northwind Traders',
      scenarios: ['cross-tenant'],
      ...TEST_EXCHANGE,
      connection: { ...TEST_EXCHANGE.connection, tenant: 'northwindtraders.onmicrosoft.com' },
      roles: { operator: ['op-1'], viewer: ['view-1'] },
    },
  ],
});
const OPERATOR = { id: 'op-1', name: 'Olga Operator' };

/**
 * The command handlers called directly: a plain event over the real services on the local store, with
 * the simulator as Exchange; no Teams, no HTTP (the same commands over HTTP: test/e2e/commands.test.ts).
 */
describe('command handlers, called with a plain event', () => {
  let stack: Awaited<ReturnType<typeof startServicesOnSimulator>>;
  let sim: SimulatorHandle;
  let services: Services;
  let ev: BotEvent;
  let emails: string[];

  beforeAll(async () => {
    stack = await startServicesOnSimulator({ tenants: TENANTS, name: 'handlers' });
    ({ sim, services } = stack);
    emails = await northwindUsers(sim.url, 3);
    ev = {
      actor: OPERATOR,
      conversationKey: 'conversation-1',
      requestId: 'request-1',
      log: pino({ level: 'silent' }),
      services,
      tenants: TENANTS,
      links: createExportLinks({ baseUrl: () => 'https://cutover.example', ttlMs: 60_000 }),
    };
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Parses a command line as the turn does and calls its handler. */
  async function run(text: string, event = ev) {
    const parsed = parseCommand(text);
    if (isFailure(parsed)) throw new Error(parsed.error);
    const reply = await HANDLERS[parsed.key](parsed, event);
    if (reply.card) expectValidCard(reply.card);
    return reply;
  }
  const stored = () => services.ctx.repos.batches.read('northwind', 'northwind~wave1');

  it('help lists every command of the table and the caller roles', async () => {
    const text = cardText((await run('help')).card);
    // The card shows angle brackets as guillemets, so that Teams does not read them as markup.
    for (const spec of COMMANDS) expect(text).toContain(spec.syntax.replace(/</g, '‹').replace(/>/g, '›'));
    expect(text).toContain('Your roles: operator, viewer');
  });

  it('batch create stores the batch and its create intent, and answers with its card', async () => {
    const reply = await run(
      `batch create Wave1 --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    const batch = await stored();
    expect(batch).toMatchObject({ name: 'Wave1', tenantId: 'northwind', userCount: 3 });
    expect(reply.batchCard?.id).toBe(batch!.id);
    expect(cardText(reply.card)).toContain('Wave1');
    const intents = await services.ctx.repos.intents.query({ pk: batch!.id });
    expect(intents.items.map((i) => i.action)).toEqual(['create']);
    // The create runs in the intent runner (the service kicks it): then Exchange has the batch and its users.
    await eventually(async () => (await stored())?.state === 'Created', 10_000, 'the batch created');
    await eventually(
      async () => (await listBatchUsers(services.ctx.repos, batch!.id, { pageSize: 10 })).items.length === 3,
      10_000,
      'the users read from Exchange',
    );
    expect(sim.calls({ cmdlet: 'New-MigrationBatch' })).toHaveLength(1);
  });

  it('a typed handler takes its options as values, not text', async () => {
    const spec = COMMANDS.find((c) => c.key === 'batch.users')!;
    const reply = await TYPED_HANDLERS['batch.users'](
      {
        key: 'batch.users',
        spec,
        args: { name: 'Wave1' },
        options: { tenant: 'northwind', page: 1 },
        body: '',
      },
      ev,
    );
    expectValidCard(reply.card);
    for (const email of emails) expect(cardText(reply.card)).toContain(email);
  });

  it('a bad value the service checks gets the error card with the syntax, and changes nothing', async () => {
    const before = await stored();
    const reply = await run('batch users Wave1 --status Sleeping');
    const text = cardText(reply.card);
    expect(text).toContain('"Sleeping" is not a migration user status');
    expect(text).toContain('batch users ‹name› [--status ‹status›] [--page ‹n›]');
    const scenario = await run(
      'batch create Other --tenant northwind --scenario sideways\nEmailAddress\na@b.com',
    );
    expect(cardText(scenario.card)).toContain('Unknown scenario "sideways"');
    expect(await services.ctx.repos.batches.read('northwind', 'northwind~other')).toBeNull();
    expect((await stored())?.version).toBe(before?.version);
  });

  it('batch list and batch status show the stored batch', async () => {
    expect(cardText((await run('batch list --tenant northwind')).card)).toContain('Wave1');
    const status = await run('batch status Wave1');
    expect(status.batchCard?.id).toBe((await stored())!.id);
  });

  it('stop on a batch that is not syncing is refused by state, and nothing is recorded', async () => {
    const before = await stored();
    const reply = await run('batch stop Wave1');
    expect(cardText(reply.card)).toMatch(/Batch Wave1 is \w+; you cannot stop it now\./);
    expect(reply.batchCard).toBeUndefined();
    expect((await stored())?.version).toBe(before?.version);
  });

  it('remove asks first: a confirmation card with the count, and the batch is unchanged', async () => {
    const before = await stored();
    const reply = await run('batch remove Wave1');
    const text = cardText(reply.card);
    expect(text).toContain('Wave1');
    expect(text).toMatch(/3 users/);
    expect((await stored())?.version).toBe(before?.version);
  });

  it('notify preview takes the kind as a notice kind and shows that notice', async () => {
    const reply = await run('notify preview Wave1 --kind heads-up');
    expect(reply.card).toBeDefined();
    expect(reply.text).toBeDefined();
    expect(cardText(reply.card)).toContain(emails[0]!);
  });

  it('batch notices takes its flags as booleans and says which filter it shows', async () => {
    const reply = await run('batch notices Wave1 --pending');
    expect(cardText(reply.card)).toContain('not sent yet');
  });

  it('audit words a refusal kept as a code, and shows free text as it was written', async () => {
    const batch = (await stored())!;
    const entry = { tenantId: 'northwind', batchId: batch.id, actor: { id: 'ap-1', name: 'Ann Approver' } };
    await appendAudit(services.ctx.repos, {
      ...entry,
      at: '2026-12-06T10:00:00.000Z',
      action: 'approval:start',
      outcome: 'refused',
      refusal: { code: 'approval.own_request', data: {} },
    });
    await appendAudit(services.ctx.repos, {
      ...entry,
      at: '2026-12-06T10:01:00.000Z',
      action: 'runbook:check',
      outcome: 'refused',
      detail: 'cross-tenant/dns',
      refusal: { code: 'batch.viewer_needed', data: { tenantId: 'northwind' } },
    });
    const text = cardText((await run('audit Wave1')).card);
    expect(text).toContain('You asked for this, so someone else has to approve it.');
    expect(text).toContain('cross-tenant/dns: You need the viewer role in northwind to see this batch.');
  });

  it('a user with no role in the tenant is answered by the service, not shown the batch', async () => {
    const reply = await run('batch status Wave1 --tenant northwind', { ...ev, actor: { id: 'nobody' } });
    expect(cardText(reply.card)).toContain('You have no role in northwind');
    expect(reply.batchCard).toBeUndefined();
  });
});
