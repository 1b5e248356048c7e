import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { cardOf, cardText, eventually } from '../support/cutover';
import { adatumDirectory } from '../simulator/staged/staged-support';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.scenarios.json');

/** Every file under a directory, as text. */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('CSV intake: staged passwords reach Exchange sealed; files attached in Teams are read', () => {
  let stack: Stack;
  let files: Server;
  let filesUrl: string;
  const served = new Map<string, Buffer>();

  beforeAll(async () => {
    stack = await startStack({ speed: 5_000, env: { TENANTS_FILE } });
    files = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      // Separate calls: restify (in this process) changes what writeHead returns.
      res.statusCode = body ? 200 : 404;
      res.setHeader('content-type', 'application/octet-stream');
      res.end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => files?.close(resolve));
  });

  async function say(text: string, attachments?: unknown[]) {
    const { bot, connector } = stack;
    const before = connector.calls.length;
    const activity = { ...makeMessage({ text, from: USERS.alex, serviceUrl: connector.url }), attachments };
    await postActivity(bot.url, activity);
    const reply = await eventually(
      () => connector.calls.slice(before).find((c) => c.kind === 'reply'),
      10_000,
      'a reply',
    );
    return reply.body;
  }
  const batch = (id: string) => stack.bot.services.ctx.repos.batches.read('northwind', id);

  it('sends a staged CSV with its passwords to Exchange and never stores them in clear', async () => {
    // Adatum is the staged tenant: its Outlook Anywhere endpoint, MEUs synchronized from on premises.
    const users = (await adatumDirectory(stack.simulator.url)).withMeu.slice(0, 3);
    const passwords = ['Pa55-word-Alpha!', 'Pa55-word-Bravo!', 'Pa55-word-Charlie!'];
    const csv = [
      'EmailAddress,Password,ForceChangePassword',
      ...users.map((u, i) => `${u},${passwords[i]},True`),
    ].join('\n');
    const reply = await say(`batch create Legacy --tenant adatum --scenario staged\n${csv}`);
    expect(JSON.stringify(reply)).not.toContain(passwords[0]);
    const legacy = () => stack.bot.services.ctx.repos.batches.read('adatum', 'adatum~legacy');
    await eventually(async () => (await legacy())?.state === 'Created', 10_000, 'Created');

    const [call] = stack.simulator
      .calls({ cmdlet: 'New-MigrationBatch' })
      .filter((c) => c.parameters.Name === 'Legacy');
    const data = (call!.parameters.CSVData as { Data: number[] }).Data;
    const sent = Buffer.from(data).toString('utf8');
    expect(sent.split('\r\n')[0]).toBe('EmailAddress,Password,ForceChangePassword');
    // The call log masks the passwords it saw (test/e2e/staged.test.ts checks they reached Exchange).
    for (const user of users) expect(sent).toContain(`${user},********,True`);

    const stored = await allText(stack.bot.dataDir);
    for (const password of passwords) expect(stored).not.toContain(password);
    for (const [i, user] of users.entries())
      expect(stack.simulator.stagedPasswordMatches('adatum', user, passwords[i]!)).toBe(true);
    const intent = (await stack.bot.services.ctx.repos.intents.query({ pk: 'adatum~legacy' })).items[0]!;
    expect(intent.create?.sealedCsv).toMatchObject({ alg: 'A256GCM' });
  });

  it('reads a CSV attached in a personal chat (UTF-16 with a BOM, as Excel saves it)', async () => {
    const users = await northwindUsers(stack.simulator.url, 6);
    const text = ['EmailAddress', ...users.slice(3)].join('\r\n');
    served.set('/users.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const attachment = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'users.csv',
      content: { downloadUrl: `${filesUrl}/users.csv`, uniqueId: 'f1', fileType: 'csv' },
    };
    await say('batch create FromFile --tenant northwind --scenario cross-tenant', [attachment]);
    await eventually(async () => (await batch('northwind~fromfile'))?.state === 'Created', 10_000, 'Created');
    const members = await eventually(
      async () => {
        const page = await stack.bot.services.ctx.repos.batchUsers.query({ pk: 'northwind~fromfile' });
        return page.items.length === 3 ? page.items : undefined;
      },
      10_000,
      'the users synced',
    );
    expect(members.map((u) => u.email).sort()).toEqual(users.slice(3).sort());
  });

  it('a bad attached file gets row-level errors and creates nothing', async () => {
    served.set('/bad.csv', Buffer.from('EmailAddress\nnot-an-address\n'));
    const attachment = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'bad.csv',
      content: { downloadUrl: `${filesUrl}/bad.csv`, uniqueId: 'f2', fileType: 'csv' },
    };
    const card = cardOf(
      await say('batch create BadFile --tenant northwind --scenario cross-tenant', [attachment]),
    );
    expect(cardText(card)).toMatch(/Row 2/);
    expect(await batch('northwind~badfile')).toBeNull();

    const missing = {
      ...attachment,
      content: { ...attachment.content, downloadUrl: `${filesUrl}/gone.csv` },
    };
    const failed = cardOf(
      await say('batch create Gone --tenant northwind --scenario cross-tenant', [missing]),
    );
    expect(cardText(failed)).toMatch(/Downloading bad\.csv failed \(HTTP 404\)/);
    expect(await batch('northwind~gone')).toBeNull();
  });

  it('cross-tenant addresses outside the target tenant are refused by row', async () => {
    const card = cardOf(
      await say(
        'batch create Wrong --tenant northwind --scenario cross-tenant\nEmailAddress\nsomeone@contoso.com',
      ),
    );
    expect(cardText(card)).toMatch(/Row 2/);
    expect(cardText(card)).toMatch(/northwindtraders/);
    expect(await batch('northwind~wrong')).toBeNull();
  });

  async function preflight(tenant: string, name: string) {
    const id = `${tenant}~${name.toLowerCase()}`;
    await eventually(
      async () => (await stack.bot.services.ctx.repos.batches.read(tenant, id))?.state === 'Created',
      10_000,
      `${name} created`,
    );
    const reply = await say(`batch preflight ${name} --tenant ${tenant}`);
    expect(reply.text).toMatch(/Checking the readiness/);
    return eventually(
      async () => {
        const r = await stack.bot.services.ctx.repos.preflight.read(id, id);
        return r?.state === 'done' ? r : undefined;
      },
      10_000,
      `${name} preflight`,
    );
  }

  it('preflight per scenario: hybrid MailUsers of that tenant, a staged endpoint, a third-party verify pass', async () => {
    const fabrikam = await northwindUsers(stack.simulator.url, 2, 'fabrikam');
    await say(
      `batch create Onboard --tenant fabrikam --scenario hybrid\nEmailAddress\n${[...fabrikam, 'nobody.here@fabrikam.com'].join('\n')}`,
    );
    const hybrid = await preflight('fabrikam', 'Onboard');
    expect(hybrid.users.map((u) => [u.email, u.findings.map((f) => f.check)])).toEqual([
      ['nobody.here@fabrikam.com', ['target-mailuser']],
    ]);
    expect(hybrid.batchFindings).toEqual([]);
    expect(
      stack.simulator.calls({ cmdlet: 'Test-MigrationServerAvailability' }).at(-1)?.parameters,
    ).toMatchObject({
      Endpoint: 'Fabrikam-Hybrid',
    });

    const staged = await preflight('adatum', 'Legacy');
    expect(staged.users).toEqual([]);
    expect(staged.batchFindings).toEqual([]);
    expect(staged.counts.pass).toBe(3);

    const targets = await northwindUsers(stack.simulator.url, 9);
    const mapping = [
      'Source,Target',
      `a.one@hoster.example,${targets[7]}`,
      'b.two@hoster.example,nobody.at.all@northwindtraders.com',
    ].join('\n');
    await say(`batch create Passes --tenant northwind --scenario third-party\n${mapping}`);
    const passes = await preflight('northwind', 'Passes');
    expect(passes.users.map((u) => [u.email, u.status, u.findings[0]?.check])).toEqual([
      ['nobody.at.all@northwindtraders.com', 'fail', 'verify-credentials'],
    ]);
  });
});
