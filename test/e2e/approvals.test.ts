import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardText, eventually, type startTestCutover } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { northwindUsers } from '../support/simulator-data';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.approvals.json');

describe('approval gates for start and cutover, over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let stack: Stack;
  let emails: string[];
  let next = 0;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000, env: { TENANTS_FILE } });
    ({ simulator, connector, bot } = stack);
    emails = await northwindUsers(simulator.url, 60);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => bot.services.ctx.repos;
  const say = (text: string, from: DemoUser = USERS.alex) =>
    postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url }));
  async function invoke(verb: string, data: unknown, from: DemoUser) {
    const answer = await postActivity(bot.url, makeInvoke({ verb, data, from, serviceUrl: connector.url }));
    return answer.body as {
      statusCode: number;
      type: string;
      value: Record<string, unknown> & { message?: string; code?: string };
    };
  }
  /** A created batch in a tenant, with four users of its own, and its start asked for by Alex. */
  /** The statuses of the batch's start intents: the runner calls Start-MigrationBatch only for one. */
  async function startIntents(id: string) {
    const { items } = await repos().intents.query({ pk: id, where: { action: 'start' } });
    return items.map((intent) => intent.status);
  }

  /** Once no start intent is waiting or running (a finished one calls Start no more), their statuses. */
  function settledStartIntents(id: string) {
    return eventually(
      async () => {
        const statuses = await startIntents(id);
        return statuses.length > 0 && statuses.every((s) => s === 'done' || s === 'failed') && statuses;
      },
      10_000,
      'the start intent to finish',
    );
  }

  async function requested(tenant: string, name: string) {
    const users = emails.slice(next, next + 4);
    next += 4;
    await say(
      `batch create ${name} --tenant ${tenant} --scenario cross-tenant\nEmailAddress\n${users.join('\n')}`,
    );
    const id = `${tenant}~${name.toLowerCase()}`;
    await eventually(
      async () => (await repos().batches.read(tenant, id))?.state === 'Created',
      10_000,
      `${name} created`,
    );
    await say(`batch start ${name}`);
    const approval = await eventually(
      async () => (await repos().approvals.query({ pk: id })).items[0],
      5000,
      'the approval',
    );
    const data = { approvalId: approval.id, batchId: id, version: approval.batchVersion };
    return {
      id,
      approval,
      data,
      starts: () =>
        simulator.calls({ cmdlet: 'Start-MigrationBatch' }).filter((c) => c.parameters.Identity === name),
    };
  }

  it('1. a requester cannot approve their own request', async () => {
    const { id, approval, data, starts } = await requested('northwind', 'Own');
    const answer = await invoke('approval.approve', data, USERS.alex);
    expectValidCard(answer.value);
    expect(cardText(answer.value)).toContain('You asked for this, so someone else has to approve it.');
    const stored = await repos().approvals.read(id, approval.id);
    expect(stored?.status).toBe('pending');
    expect(stored?.decisions).toEqual([]);
    expect(starts()).toHaveLength(0);
    const audit = await repos().audit.query({ pk: id, where: { outcome: 'refused' } });
    expect(audit.items.map((e) => e.actor.id)).toEqual([USERS.alex.aadObjectId]);
  });

  it('2. a non-approver is refused and nothing changes', async () => {
    const { id, approval, data, starts } = await requested('northwind', 'Outsider');
    const before = await repos().approvals.read(id, approval.id);
    for (const user of [USERS.isaiah, USERS.patti]) {
      const answer = await invoke('approval.approve', data, user);
      expect(cardText(answer.value)).toContain('You are not an approver for this tenant.');
    }
    const after = await repos().approvals.read(id, approval.id);
    expect(after?._etag).toBe(before?._etag);
    expect(starts()).toHaveLength(0);
  });

  it('3. a 2-of-3 quorum starts the batch only after the second approval', async () => {
    const { id, approval, data, starts } = await requested('northwind', 'Quorum');
    const first = await invoke('approval.approve', data, USERS.megan);
    expect(cardText(first.value)).toMatch(/Waiting on 1 of 3 approvers/);
    // The turn is over when its answer arrives; without a start intent nothing can call Start.
    expect((await repos().approvals.read(id, approval.id))?.status).toBe('pending');
    expect(await startIntents(id)).toEqual([]);
    expect(starts()).toHaveLength(0);
    await invoke('approval.approve', data, USERS.adele);
    expect((await repos().approvals.read(id, approval.id))?.status).toBe('approved');
    expect(await settledStartIntents(id)).toEqual(['done']);
    expect(starts()).toHaveLength(1);
  });

  it('4. 20 concurrent Approve invokes from one approver record one decision and one Start', async () => {
    const { id, approval, data, starts } = await requested('northwind-one', 'Burst');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => invoke('approval.approve', data, USERS.megan)),
    );
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const stored = await repos().approvals.read(id, approval.id);
    expect(stored?.status).toBe('approved');
    expect(stored?.decisions).toHaveLength(1);
    expect(await settledStartIntents(id)).toEqual(['done']);
    expect(starts()).toHaveLength(1);
  });

  it('6. editing the batch after the request voids the approval', async () => {
    const { id, approval, data, starts } = await requested('northwind-one', 'Edited');
    // An operator schedules the cutover meanwhile: a new version of the batch (and its own approval).
    const batch = await repos().batches.read('northwind-one', id);
    await invoke(
      'batch.confirm',
      { batchId: id, version: batch!.version, action: 'cutover', at: '2031-01-01T18:00:00Z' },
      USERS.adele,
    );
    await eventually(
      async () => (await repos().approvals.read(id, approval.id))?.status === 'void',
      5000,
      'void',
    );
    const answer = await invoke('approval.approve', data, USERS.megan);
    expect(cardText(answer.value)).toMatch(/already void/);
    expect(starts()).toHaveLength(0);
    const stored = await repos().approvals.read(id, approval.id);
    expect(stored?.outcome).toMatch(/changed after the request/);
  });

  it('7. a reject needs a reason; with one, the requester is told', async () => {
    const { id, approval, data, starts } = await requested('northwind-one', 'Rejected');
    const bare = await invoke('approval.reject', data, USERS.megan);
    expect(bare.statusCode).toBe(400);
    expect(bare.value.code).toBe('reason_required');
    expect((await repos().approvals.read(id, approval.id))?.decisions).toEqual([]);
    const withReason = await invoke(
      'approval.reject',
      { ...data, reason: 'Payroll closes tonight' },
      USERS.megan,
    );
    expect(withReason.statusCode).toBe(200);
    expect((await repos().approvals.read(id, approval.id))?.status).toBe('rejected');
    const told = await eventually(
      () =>
        connector.calls.find((c) =>
          /request to start \*\*Rejected\*\* was rejected by Megan Bowen: Payroll closes tonight/.test(
            String(c.body.text),
          ),
        ),
      5000,
      'the rejection message',
    );
    expect(told.kind).toBe('reply');
    expect((await repos().batches.read('northwind-one', id))?.awaiting).toBeUndefined();
    expect(starts()).toHaveLength(0);
  });

  it('8. an expired approval cannot be decided, after one reminder half-way', async () => {
    const { id, approval, data, starts } = await requested('northwind-brief', 'Late');
    // One reminder half-way to expiry (the policy gives it about 2 s), then nothing can be decided.
    await eventually(
      () =>
        connector.calls.find((c) =>
          /Reminder: the approval to start \*\*Late\*\* still needs 1 more/.test(String(c.body.text)),
        ),
      5000,
      'the reminder',
    );
    expect((await repos().approvals.read(id, approval.id))?.reminded).toBe(true);
    // The sweep that reminded goes on until it expires the approval: no second reminder by then.
    await eventually(
      async () => (await repos().approvals.read(id, approval.id))?.status === 'expired',
      10_000,
      'the expiry',
    );
    expect(
      connector.calls.filter((c) => /Reminder: the approval to start \*\*Late\*\*/.test(String(c.body.text))),
    ).toHaveLength(1);
    const answer = await invoke('approval.approve', data, USERS.megan);
    expect(cardText(answer.value)).toMatch(/expired/);
    const stored = await repos().approvals.read(id, approval.id);
    expect(stored?.status).toBe('expired');
    expect(stored?.decisions).toEqual([]);
    expect(starts()).toHaveLength(0);
  });

  it('9. a refresh from an approver returns the buttons; from anyone else the read-only card', async () => {
    const { data } = await requested('northwind', 'Refresh');
    const ref = { approvalId: data.approvalId, batchId: data.batchId };
    const approver = await invoke('approval.refresh', ref, USERS.megan);
    expectValidCard(approver.value);
    // The decision buttons (the card may also carry its own refresh action for the approvers).
    expect(
      cardActions(approver.value)
        .map((a) => a.verb)
        .filter((verb) => verb !== 'approval.refresh')
        .sort(),
    ).toEqual(['approval.approve', 'approval.reject']);
    for (const user of [USERS.isaiah, USERS.alex]) {
      const other = await invoke('approval.refresh', ref, user);
      expectValidCard(other.value);
      expect(cardActions(other.value).filter((a) => a.verb.startsWith('approval.approve'))).toEqual([]);
      expect(cardText(other.value)).toMatch(/Waiting on 2 of 3 approvers/);
    }
  });

  it('lists my pending approvals and shows the audit trail newest first', async () => {
    await say('approvals', USERS.adele);
    const list = await eventually(
      () =>
        [...connector.calls]
          .reverse()
          .find((c) => c.kind === 'reply' && JSON.stringify(c.body).includes('pending approvals')),
      5000,
      'the approvals list',
    );
    expect(JSON.stringify(list.body)).toContain('Refresh');
    await say('audit Quorum');
    const audit = await eventually(
      () =>
        [...connector.calls]
          .reverse()
          .find((c) => c.kind === 'reply' && JSON.stringify(c.body).includes('approval:start')),
      5000,
      'the audit card',
    );
    const text = JSON.stringify(audit.body);
    expect(text.indexOf('start')).toBeGreaterThan(-1);
    expect(text.indexOf('Adele Vance')).toBeLessThan(text.indexOf('Megan Bowen'));
  });
});
