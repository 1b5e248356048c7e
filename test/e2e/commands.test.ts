import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardOf, cardText, eventually, type startTestCutover } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { northwindUsers } from '../support/simulator-data';

describe('every command answers with a valid card over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let stack: Stack;
  let emails: string[];

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    ({ simulator, connector, bot } = stack);
    emails = await northwindUsers(simulator.url, 30);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function reply(text: string, from = USERS.alex) {
    const before = connector.calls.length;
    const response = await postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url }));
    expect(response.status).toBe(200);
    return eventually(
      () => connector.calls.slice(before).find((c) => c.kind === 'reply'),
      5000,
      `a reply to ${text}`,
    );
  }
  async function card(text: string, from = USERS.alex) {
    const c = cardOf((await reply(text, from)).body);
    expectValidCard(c);
    return c;
  }

  it('help lists every command and the caller roles', async () => {
    const help = cardText(await card('help'));
    for (const syntax of [
      'batch new',
      'batch list',
      'user \u2039email\u203A',
      'batch remove \u2039name\u203A',
    ])
      expect(help).toContain(syntax);
    expect(help).toContain('Your roles: admin, operator, approver, viewer');
  });

  it('tenants shows each tenant with its endpoint and the caller roles there', async () => {
    const text = cardText(await card('tenants', USERS.megan));
    expect(text).toContain('Northwind Traders (from Contoso)');
    expect(text).toContain('Contoso-CrossTenant');
    expect(text).toContain('Fabrikam (hybrid onboarding)');
    expect(text).toMatch(/approver/);
  });

  it('batch list says there is nothing yet, then lists a created batch', async () => {
    const empty = await reply('batch list');
    expect(String(empty.body.text)).toContain('No batches yet');
    await reply(
      `batch create ListMe --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.slice(0, 25).join('\n')}`,
    );
    await eventually(
      async () =>
        (await bot.services.ctx.repos.batches.read('northwind', 'northwind~listme'))?.state === 'Created',
      10_000,
    );
    const list = await card('batch list');
    expect(cardText(list)).toContain('ListMe');
    expect(
      cardActions(list).some((a) => a.verb === 'batch.refresh' && a.data.batchId === 'northwind~listme'),
    ).toBe(true);
  });

  it('batch new opens the form with the tenants the caller operates', async () => {
    const form = await card('batch new', USERS.adele);
    expect(JSON.stringify(form)).toContain('"id":"csv"');
    expect(cardText(form)).toContain('Northwind Traders (from Contoso)');
    expect(cardActions(form).map((a) => a.verb)).toEqual(['batch.create']);
    const refused = await card('batch new', USERS.isaiah);
    expect(cardText(refused)).toContain('operator role');
  });

  it('batch users pages through the users, filtered by status', async () => {
    const page1 = await card('batch users ListMe');
    expect(cardText(page1)).toContain(emails[0]!);
    const next = cardActions(page1).find((a) => a.verb === 'batch.users' && a.data.page === 2);
    expect(next).toBeDefined();
    const answer = await postActivity(
      bot.url,
      makeInvoke({ verb: 'batch.users', data: next!.data, serviceUrl: connector.url }),
    );
    const page2 = (answer.body as { value: Record<string, unknown> }).value;
    expectValidCard(page2);
    expect(cardText(page2)).toContain(emails[24]!);
    expect(cardText(page2)).not.toContain(emails[0]!);
    const filtered = await card('batch users ListMe --status Failed');
    expect(cardText(filtered)).not.toContain(emails[0]!);
    const bad = await card('batch users ListMe --status Sleeping');
    expect(cardText(bad)).toContain('"Sleeping" is not a migration user status');
  });

  it('user <email> fetches statistics for that one user only', async () => {
    simulator.clearCalls();
    const stats = await card(`user ${emails[1]}`);
    expect(cardText(stats)).toContain(emails[1]!);
    expect(cardText(stats)).toContain('ListMe');
    const calls = simulator.calls({ cmdlet: 'Get-MigrationUserStatistics' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.parameters.Identity).toBe(emails[1]);
    const unknown = await card('user nobody@nowhere.example');
    expect(cardText(unknown)).toContain('is not in any batch you can see');
  });

  it('an unknown batch and an unknown command get clear answers', async () => {
    expect(cardText(await card('batch status Nope'))).toContain('No batch named "Nope"');
    const unknown = cardText(await card('migrate everything'));
    expect(unknown).toContain('I don\u2019t know'.replace('\u2019', "'"));
    expect(unknown).toContain('Did you mean');
  });
});

describe('stop, resume, retry and remove over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ speed: 150 });
    ({ simulator, connector, bot } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const read = () => bot.services.ctx.repos.batches.read('northwind', 'northwind~ops');
  const say = (text: string) => postActivity(bot.url, makeMessage({ text, serviceUrl: connector.url }));
  const invoke = async (verb: string, data: unknown) =>
    (
      (await postActivity(bot.url, makeInvoke({ verb, data, serviceUrl: connector.url }))).body as {
        value: Record<string, unknown>;
      }
    ).value;

  it('runs the whole lifecycle of actions, each provider call once', async () => {
    const emails = await northwindUsers(simulator.url, 4);
    simulator.faults.failUser(emails[3]!);
    await say(
      `batch create Ops --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    await eventually(async () => (await read())?.state === 'Created', 10_000, 'Created');

    await say('batch start Ops');
    const approval = await eventually(
      async () => (await bot.services.ctx.repos.approvals.query({ pk: 'northwind~ops' })).items[0],
      5000,
      'the approval',
    );
    await invoke('approval.approve', {
      approvalId: approval.id,
      batchId: approval.batchId,
      version: approval.batchVersion,
    });
    await eventually(async () => (await read())?.state === 'Syncing', 10_000, 'Syncing');
    await say('batch stop Ops');
    await eventually(async () => (await read())?.state === 'Stopped', 15_000, 'Stopped');
    expect(simulator.calls({ cmdlet: 'Stop-MigrationBatch' })).toHaveLength(1);

    await say('batch resume Ops');
    await eventually(
      async () => ['SyncedWithErrors', 'Synced'].includes((await read())?.state ?? ''),
      60_000,
      'synced',
    );
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(2);
    const synced = await read();
    expect(synced?.state).toBe('SyncedWithErrors');
    expect(synced?.summary?.failures.map((f) => f.email)).toEqual([emails[3]]);
    expect(synced?.summary?.failures[0]?.error).toMatch(/CrossTenantMigrationWithoutLicense|licen/i);

    // Retry failed users: a confirmation listing the failed user, then Start-MigrationBatch once more.
    const confirm = await invoke('batch.retry', { batchId: synced!.id, version: synced!.version });
    expectValidCard(confirm);
    expect(cardText(confirm)).toContain(emails[3]!);
    const yes = cardActions(confirm).find((a) => a.verb === 'batch.confirm')!;
    await invoke('batch.confirm', yes.data);
    await eventually(
      () => simulator.calls({ cmdlet: 'Start-MigrationBatch' }).length === 3,
      10_000,
      'the retry',
    );

    // Remove: confirmation, then Remove-MigrationBatch, the Removed state and a post.
    await eventually(
      async () => (await read())?.pending === undefined && (await read())?.state !== 'Syncing',
      60_000,
      'settled',
    );
    const current = await read();
    const removeConfirm = await invoke('batch.remove', { batchId: current!.id, version: current!.version });
    expect(cardText(removeConfirm)).toContain('Remove Ops?');
    await invoke('batch.confirm', cardActions(removeConfirm).find((a) => a.verb === 'batch.confirm')!.data);
    await eventually(async () => (await read())?.state === 'Removed', 15_000, 'Removed');
    expect(simulator.calls({ cmdlet: 'Remove-MigrationBatch' })).toHaveLength(1);
    await eventually(
      () => connector.calls.find((c) => /Ops\*\* was removed/.test(String(c.body.text))),
      5000,
      'the removal post',
    );
    const trail = await bot.services.ctx.repos.audit.query({ pk: current!.id, pageSize: 100 });
    expect(
      trail.items
        .filter((e) => e.outcome === 'done')
        .map((e) => e.action)
        .sort(),
    ).toEqual(['create', 'preflight', 'remove', 'retry', 'start', 'start', 'stop'].sort());
  }, 120_000);
});
