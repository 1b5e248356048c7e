import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../services/model/notice';
import { readAll } from '../../services/store/document-store';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.notices.json');

describe('notices: every migrated user is told how to reset Outlook, and answers are tracked', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000, env: { TENANTS_FILE } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const repos = () => stack.bot.services.ctx.repos;
  async function say(text: string, from: DemoUser = USERS.alex) {
    const before = stack.connector.calls.length;
    await postActivity(stack.bot.url, makeMessage({ text, from, serviceUrl: stack.connector.url }));
    return (
      await eventually(
        () => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'),
        10_000,
        'a reply',
      )
    ).body;
  }
  const invoke = async (verb: string, data: unknown, from: DemoUser) =>
    (await postActivity(stack.bot.url, makeInvoke({ verb, data, from, serviceUrl: stack.connector.url })))
      .body as { statusCode: number; value: Record<string, unknown> };

  /** Creates, starts and cuts over a batch; resolves when it is Completed. */
  async function migrate(tenant: string, name: string, emails: string[], scenario = 'cross-tenant') {
    const id = `${tenant}~${name.toLowerCase()}`;
    await say(
      `batch create ${name} --tenant ${tenant} --scenario ${scenario}\nEmailAddress\n${emails.join('\n')}`,
    );
    const read = () => repos().batches.read(tenant, id);
    await eventually(async () => (await read())?.state === 'Created', 10_000, `${name} created`);
    await say(`batch start ${name} --tenant ${tenant}`);
    await eventually(
      async () => ['Synced', 'SyncedWithErrors'].includes((await read())?.state ?? ''),
      30_000,
      `${name} synced`,
    );
    const synced = (await read())!;
    await invoke('batch.confirm', { batchId: id, version: synced.version, action: 'cutover' }, USERS.alex);
    await eventually(async () => (await read())?.state === 'Completed', 30_000, `${name} completed`);
    return id;
  }
  const noticesOf = (batchId: string) => readAll(repos().notices, { pk: batchId });

  it('installs the app for users the bot never met and sends the card; mail when installing fails', async () => {
    const emails = await northwindUsers(stack.simulator.url, 4);
    stack.simulator.faults.failInstall(emails[3]!);
    const id = await migrate('northwind', 'Wave1', emails);
    const notices = await eventually(
      async () => {
        const all = (await noticesOf(id)).filter((n) => n.kind === 'reset');
        return all.length === 4 && all.every((n) => n.status === 'sent') ? all : undefined;
      },
      30_000,
      'four reset notices sent',
    );
    const byEmail = new Map(notices.map((n) => [n.email, n]));
    for (const email of emails.slice(0, 3)) expect(byEmail.get(email)?.channel).toBe('install');
    expect(byEmail.get(emails[3]!)?.channel).toBe('mail');

    const delivered = stack.simulator.deliveries();
    const teams = delivered.filter((d) => d.kind === 'teams').filter((d) => d.noticeId?.startsWith(id));
    expect(teams.map((d) => d.noticeId).sort()).toEqual(
      emails
        .slice(0, 3)
        .map((e) => `${id}:reset:${e}`)
        .sort(),
    );
    const mails = delivered.filter(
      (d) => d.kind === 'mail' && JSON.stringify(d).includes(`${id}:reset:${emails[3]}`),
    );
    expect(mails).toHaveLength(1);
    for (const d of teams) expectValidCard((d.attachments[0] as { content: unknown }).content);

    // The batch card counts them.
    await eventually(
      async () => (await repos().batches.read('northwind', id))?.notices?.sent === 4,
      10_000,
      'counts',
    );
  });

  it('an answer is recorded once, even on a double click; "I need help" reaches the batch conversation', async () => {
    const id = 'northwind~wave1';
    const [first, second] = (await noticesOf(id)).filter(
      (n) => n.kind === 'reset' && n.channel === 'install',
    );
    const asUser = (n: Notice): DemoUser => ({
      ...USERS.patti,
      id: `29:${n.userId}`,
      aadObjectId: n.userId!,
      name: n.email,
    });

    const clicks = await Promise.all([
      invoke('notice.ack', { noticeId: first!.id, answer: 'done' }, asUser(first!)),
      invoke('notice.ack', { noticeId: first!.id, answer: 'done' }, asUser(first!)),
    ]);
    for (const click of clicks) {
      expectValidCard(click.value);
      expect(cardText(click.value)).toMatch(/You confirmed Outlook works/);
    }
    const audit = (await repos().audit.query({ pk: id, pageSize: 200 })).items;
    expect(
      audit.filter((e) => e.action === 'notice.confirmed' && e.detail?.startsWith(first!.email)),
    ).toHaveLength(1);
    expect((await repos().notices.read(id, first!.id))?.ack?.answer).toBe('done');

    // Someone else cannot answer for the user.
    const stranger = await invoke('notice.ack', { noticeId: second!.id, answer: 'done' }, USERS.megan);
    expect(JSON.stringify(stranger.value)).toMatch(/someone else/);

    const before = stack.connector.calls.length;
    await invoke('notice.ack', { noticeId: second!.id, answer: 'help' }, asUser(second!));
    const posted = await eventually(
      () =>
        stack.connector.calls
          .slice(before)
          .find((c) => JSON.stringify(c.body).includes('needs help with Outlook')),
      5000,
      'the help request in the batch conversation',
    );
    expect(JSON.stringify(posted.body)).toContain(second!.email);

    const list = cardOf(await say('batch notices Wave1 --help'));
    expectValidCard(list);
    expect(cardText(list)).toContain(second!.email);
    expect(cardText(list)).not.toContain(first!.email);
    await eventually(
      async () => (await repos().batches.read('northwind', id))?.notices?.help === 1,
      10_000,
      'help count',
    );
  });

  it('previews the card a user will receive, marked as a preview whose buttons record nothing', async () => {
    const reply = await say('notify preview Wave1');
    expect(String(reply.text)).toMatch(/^Preview of what .+ will receive \(reset\):$/);
    const card = cardOf(reply);
    expectValidCard(card);
    expect(cardText(card)).toMatch(/Outlook/);
    expect(cardText(card)).toContain('Preview: the card a user of this batch gets.');
    expect(JSON.stringify(card)).not.toContain('notice.ack');
    expect((card.actions as { title: string }[]).map((a) => a.title)).toEqual([
      'Done, Outlook works (preview)',
      'I need help (preview)',
    ]);
    // An answer sent with a preview's id (as older preview cards did) is refused and stores nothing.
    const id = 'northwind~wave1';
    const before = await readAll(repos().notices, { pk: id });
    const click = await invoke('notice.ack', { noticeId: `${id}:reset:preview`, answer: 'done' }, USERS.alex);
    expect(JSON.stringify(click.value)).toMatch(/preview of a notice: answers on it are not recorded/);
    expect(await readAll(repos().notices, { pk: id })).toEqual(before);
  });

  it('a hybrid batch sends no reset notice unless the tenant turns it on', async () => {
    const users = await northwindUsers(stack.simulator.url, 4, 'fabrikam');
    const off = await migrate('fabrikam', 'Quiet', users.slice(0, 2), 'hybrid');
    const on = await migrate('fabrikam-on', 'Loud', users.slice(2, 4), 'hybrid');
    await eventually(
      async () => (await noticesOf(on)).filter((n) => n.kind === 'reset' && n.status === 'sent').length === 2,
      30_000,
      'the hybrid notices when turned on',
    );
    expect(await noticesOf(off)).toEqual([]);
    const [loud] = (await noticesOf(on)).filter((n) => n.kind === 'reset');
    expect(loud!.content.intro + loud!.content.steps.join(' ')).toMatch(/no .*reset|nothing/i);
  });
});
