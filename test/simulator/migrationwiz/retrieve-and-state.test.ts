import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { type Json, MwzClient, minutes, seededMailboxes } from './mwz-client';

const START = Date.parse('2025-03-03T08:00:00Z');

describe('MigrationWiz retrieve, delete and names', () => {
  let sim: SimulatorHandle;
  let clock = START;
  let client: MwzClient;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => clock, mwzExtraMailboxes: 250 });
    client = new MwzClient(sim.url);
    await client.authenticate();
  });
  afterAll(() => sim.close());

  it('adds the bulk pairs to the merger world and makes every target user known to Graph', async () => {
    const mailboxes = await seededMailboxes(sim.url);
    expect(mailboxes).toHaveLength(12 + 250);
    expect(mailboxes.at(-1)).toMatchObject({
      source: 'bulk250@fabrikam.com',
      target: 'bulk250@contoso.onmicrosoft.com',
    });
    for (const address of [
      mailboxes[0]?.target,
      'bulk7@contoso.onmicrosoft.com',
      'it.helpdesk@litware.com',
    ]) {
      const user = await fetch(`${sim.url}/v1.0/users/${address}`, {
        headers: { authorization: 'Bearer t' },
      });
      expect([address, user.status]).toEqual([address, 200]);
    }
    const [litware] = await (await fetch(`${sim.url}/_simulator/tenants?tenant=litware.com`)).json();
    expect(litware.acceptedDomains).toEqual(['litware.com', 'litware.onmicrosoft.com']);
  });

  it('pages 250 items 100 at a time (a short page ends the list) and filters with In', async () => {
    const project = await client.createProject('Bulk wave');
    const pairs = (await seededMailboxes(sim.url)).slice(12);
    const ids: string[] = [];
    for (let i = 0; i < pairs.length; i += 100)
      ids.push(...(await client.addItems(project, pairs.slice(i, i + 100))));
    const pages: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await client.retrieve('Mailbox', [['ConnectorId', 'Equals', project]], {
        count: 100,
        offset,
      });
      pages.push(page.entities.length);
      if (page.entities.length < 100) break;
    }
    expect(pages).toEqual([100, 100, 50]);
    const picked = [ids[3], ids[140], ids[249]] as string[];
    const some = await client.retrieve('Mailbox', [['Id', 'In', picked.join(',')]]);
    expect(some.entities.map((e: Json) => e.Id)).toEqual(picked);
    const sorted = await client.retrieve('Mailbox', [['ConnectorId', 'Equals', project]], {
      count: 2,
      sort: [['ExportEmailAddress', 'Descending']],
    });
    expect(sorted.entities.map((e: Json) => e.ExportEmailAddress)).toEqual([
      'bulk99@fabrikam.com',
      'bulk98@fabrikam.com',
    ]);
    const tooMany = await client.retrieve('Mailbox', [
      ['Id', 'In', Array.from({ length: 101 }, (_, i) => `x${i}`).join(',')],
    ]);
    expect(tooMany.fault?.errorCode).toBe('InvalidRequest');
    expect((await client.retrieve('Mailbox', [], { count: 101 })).fault?.errorCode).toBe('InvalidRequest');
    expect((await client.retrieve('Mailbox', [['Nope', 'Equals', 'x']])).fault?.message).toMatch(
      /'Nope' is not a property/,
    );
  });

  it('filters passes by CreateDate GreaterThanOrEqual and by Status', async () => {
    const project = await client.createProject('Dated passes');
    const mailboxes = (await seededMailboxes(sim.url)).filter((m) => !m.defect).slice(0, 2);
    const [first, second] = await client.addItems(project, mailboxes);
    await client.submit(first ?? '', 'Verification');
    clock += minutes(5);
    const since = new Date(clock).toISOString();
    const late = await client.submit(second ?? '', 'Verification');
    const found = await client.retrieve('MailboxMigration', [
      ['ConnectorId', 'Equals', project],
      ['CreateDate', 'GreaterThanOrEqual', since],
    ]);
    expect(found.entities.map((e: Json) => e.Id)).toEqual([late.entities[0].Id]);
    const completed = await client.retrieve('MailboxMigration', [
      ['ConnectorId', 'Equals', project],
      ['Status', 'Equals', 'Completed'],
    ]);
    expect(completed.entities.map((e: Json) => e.MailboxId)).toEqual([first]);
  });

  it('refuses a duplicate project name (any case) and an item twice in a project', async () => {
    await client.createProject('Fabrikam wave 1');
    const again = await client.create([
      {
        type: 'MailboxConnector',
        fields: { Name: 'FABRIKAM WAVE 1', ExportType: 'Office365', ImportType: 'Office365' },
      },
    ]);
    expect([again.status, again.fault?.errorCode]).toEqual([500, 'DuplicateName']);
    const project = await client.createProject('Fabrikam wave 2');
    const pair = { source: 'a@fabrikam.com', target: 'a@contoso.onmicrosoft.com' };
    await client.addItems(project, [pair]);
    const twice = await client.create([
      {
        type: 'Mailbox',
        fields: {
          ConnectorId: project,
          ExportEmailAddress: 'A@fabrikam.com',
          ImportEmailAddress: pair.target,
        },
      },
    ]);
    expect(twice.fault?.errorCode).toBe('DuplicateName');
  });

  it('deletes an item, and a project with its items and passes; unknown ids delete nothing', async () => {
    const project = await client.createProject('To delete');
    const mailboxes = (await seededMailboxes(sim.url)).filter((m) => !m.defect).slice(0, 2);
    const [a, b] = await client.addItems(project, mailboxes);
    await client.submit(a ?? '', 'Verification');
    const unknown = await client.delete('Mailbox', [a ?? '', '00000000-0000-4000-8000-000000000000']);
    expect([unknown.status, unknown.fault?.errorCode]).toEqual([500, 'NotFound']);
    expect((await client.delete('Mailbox', [b ?? ''])).status).toBe(200);
    expect(
      (await client.retrieve('Mailbox', [['ConnectorId', 'Equals', project]])).entities.map(
        (e: Json) => e.Id,
      ),
    ).toEqual([a]);
    expect((await client.delete('MailboxConnector', [project])).status).toBe(200);
    expect((await client.retrieve('Mailbox', [['ConnectorId', 'Equals', project]])).entities).toEqual([]);
    expect(
      (await client.retrieve('MailboxMigration', [['ConnectorId', 'Equals', project]])).entities,
    ).toEqual([]);
    expect((await client.retrieve('MailboxConnector', [['Id', 'Equals', project]])).entities).toEqual([]);
  });
});

describe('MigrationWiz state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mwz-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps projects, items and passes across a restart, without passwords or tickets', async () => {
    const stateFile = join(dir, 'state.json');
    let clock = START;
    const first = await startSimulator({ now: () => clock, stateFile });
    const client = new MwzClient(first.url);
    await client.authenticate();
    const project = await client.createProject('Survives restarts');
    const [mailbox] = (await seededMailboxes(first.url)).filter((m) => !m.defect);
    const [item] = await client.addItems(project, [mailbox as { source: string; target: string }]);
    const pass = await client.submit(item ?? '', 'Verification');
    clock += 30_000;
    expect((await client.pass(pass.entities[0].Id)).Status).toBe('Processing');
    await first.close();
    const saved = readFileSync(stateFile, 'utf8');
    expect(saved).not.toMatch(/admin-secret-password|local-simulator/);
    expect(saved).not.toContain(client.ticket);

    clock += minutes(2);
    const second = await startSimulator({ now: () => clock, stateFile });
    try {
      const again = new MwzClient(second.url);
      expect((await again.retrieve('MailboxConnector')).fault?.errorCode).toBe('InvalidTicket');
      await again.authenticate();
      const projects = await again.retrieve('MailboxConnector');
      expect(projects.entities.map((e: Json) => e.Name)).toEqual(['Survives restarts']);
      expect((await again.pass(pass.entities[0].Id)).Status).toBe('Completed');
    } finally {
      await second.close();
    }
  });
});
