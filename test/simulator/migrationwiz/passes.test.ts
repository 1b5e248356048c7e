import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import {
  HOSTER_ACCOUNT,
  HOSTER_WORKGROUP,
  hours,
  type Json,
  MwzClient,
  minutes,
  type SeededMailbox,
  seededMailboxes,
} from './mwz-client';

const START = Date.parse('2025-03-03T08:00:00Z');
const BAD_CREDENTIALS =
  'Your migration failed checking source credentials. The remote server returned an error: (401) Unauthorized.';

function entries(stat: Json, taskType: string): Record<string, Json> {
  return Object.fromEntries(
    (stat.Entries?.MailboxStatEntry ?? [])
      .filter((e: Json) => e.TaskType === taskType)
      .map((e: Json) => [e.ItemType, e]),
  );
}

describe('MigrationWiz passes', () => {
  let sim: SimulatorHandle;
  let clock = START;
  let client: MwzClient;
  let mailboxes: SeededMailbox[];
  let projectCount = 0;
  const byDefect = (defect?: string) => mailboxes.filter((m) => m.defect === defect);

  beforeAll(async () => {
    sim = await startSimulator({ now: () => clock });
    mailboxes = await seededMailboxes(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    client = new MwzClient(sim.url);
    await client.authenticate();
  });

  async function project(pairs: { source: string; target: string }[], extra = {}) {
    projectCount++;
    const id = await client.createProject(`Passes ${projectCount}`, extra);
    return { id, items: await client.addItems(id, pairs) };
  }

  const later = async (ms: number) => {
    clock += ms;
    await client.authenticate(); // a long jump outlives the ticket
  };

  it('seeds twelve Fabrikam mailboxes with the three defects', () => {
    expect(mailboxes).toHaveLength(12);
    expect(
      mailboxes.every(
        (m) => /@fabrikam\.com$/.test(m.source) && /@contoso\.onmicrosoft\.com$/.test(m.target),
      ),
    ).toBe(true);
    expect(mailboxes.map((m) => m.defect).filter(Boolean)).toEqual([
      'bad-source-credentials',
      'item-errors',
      'needs-user',
    ]);
  });

  it('creates a project, items and a pass that goes Submitted -> Processing -> Completed with time', async () => {
    const healthy = byDefect(undefined).slice(0, 1);
    const { id, items } = await project(healthy);
    const created = await client.submit(items[0] ?? '', 'Verification');
    expect(created.status).toBe(200);
    const pass = created.entities[0];
    expect([pass.Status, pass.ConnectorId, pass.Type, pass.CreateDate]).toEqual([
      'Submitted',
      id,
      'Verification',
      new Date(clock).toISOString(),
    ]);
    clock += 30_000;
    expect((await client.pass(pass.Id)).Status).toBe('Processing');
    clock += minutes(2);
    const done = await client.pass(pass.Id);
    expect(done.Status).toBe('Completed');
    expect(Date.parse(done.CompleteDate)).toBeGreaterThan(Date.parse(done.StartDate));
  });

  it('fails verification of the bad-credentials item and of an unknown source', async () => {
    const [bad] = byDefect('bad-source-credentials');
    const { items } = await project([
      bad as SeededMailbox,
      { source: 'nobody@fabrikam.com', target: 'nobody@contoso.onmicrosoft.com' },
    ]);
    const passes = await Promise.all(items.map((i) => client.submit(i, 'Verification')));
    clock += minutes(5);
    const [first, second] = await Promise.all(passes.map((p) => client.pass(p.entities[0].Id)));
    expect([first.Status, first.FailureMessage]).toEqual(['Failed', BAD_CREDENTIALS]);
    expect([second.Status, second.FailureMessage]).toEqual([
      'Failed',
      "Mailbox 'nobody@fabrikam.com' could not be found on the source.",
    ]);
    const full = await client.submit(items[0] ?? '', 'Full');
    clock += minutes(5);
    expect((await client.pass(full.entities[0].Id)).FailureMessage).toBe(BAD_CREDENTIALS);
  });

  it('moves old mail in a pre-stage and the rest in the delta, with per-type statistics', async () => {
    const mailbox = byDefect(undefined)[1] as SeededMailbox;
    const { items } = await project([mailbox]);
    const item = items[0] ?? '';
    const cutoff = new Date(clock - 90 * 86_400_000).toISOString();
    const prestage = await client.submit(item, 'Full', { ItemTypes: 'Mail', ItemEndDate: cutoff });
    clock += minutes(1);
    await later(hours(8));
    expect((await client.pass(prestage.entities[0].Id)).Status).toBe('Completed');
    const afterPrestage = entries(
      (await client.retrieve('MailboxStat', [['MailboxId', 'Equals', item]])).entities[0],
      'Import',
    );
    const prestaged = Number(afterPrestage.Mail.SuccessCount);
    expect(Object.keys(afterPrestage)).toEqual(['Mail']);
    expect(prestaged).toBeGreaterThan(mailbox.items.Mail * 0.9);
    expect(prestaged).toBeLessThan(mailbox.items.Mail);

    const delta = await client.submit(item, 'Full');
    await later(hours(4));
    expect((await client.pass(delta.entities[0].Id)).Status).toBe('Completed');
    const stat = (await client.retrieve('MailboxStat', [['MailboxId', 'Equals', item]])).entities[0];
    const imported = entries(stat, 'Import');
    expect(Number(imported.Mail.SuccessCount)).toBe(mailbox.items.Mail);
    expect(Number(imported.Mail.SuccessCount) - prestaged).toBeLessThan(prestaged / 5);
    for (const type of ['Calendar', 'Contact', 'Task']) {
      expect(Number(imported[type].SuccessCount)).toBe(mailbox.items[type]);
      expect(Number(imported[type].ErrorCount)).toBe(0);
    }
    expect(Number(entries(stat, 'Export').Mail.SuccessCount)).toBe(mailbox.items.Mail);
    expect(Number(stat.ExportDuration)).toBeGreaterThan(0);
  });

  it('reports the seeded item errors, refuses Repair before them and moves them with Repair', async () => {
    const mailbox = byDefect('item-errors')[0] as SeededMailbox;
    const { items } = await project([mailbox]);
    const item = items[0] ?? '';
    const early = await client.submit(item, 'Repair');
    expect([early.status, early.fault?.errorCode, early.fault?.message]).toEqual([
      500,
      'InvalidOperation',
      'Repair can only be submitted for an item whose last pass completed with errors.',
    ]);
    const full = await client.submit(item, 'Full');
    const busy = await client.submit(item, 'Full');
    expect(busy.fault?.errorCode).toBe('InvalidOperation');
    await later(hours(10));
    const pass = await client.pass(full.entities[0].Id);
    expect(pass.Status).toBe('Completed');
    const errors = (await client.retrieve('MailboxError', [['MailboxMigrationId', 'Equals', pass.Id]]))
      .entities;
    expect(errors).toHaveLength(3);
    expect(
      errors.every(
        (e: Json) =>
          e.Type === 'Calendar' && /exceeds the maximum size allowed by the destination/.test(e.Message),
      ),
    ).toBe(true);
    const stat = (await client.retrieve('MailboxStat', [['MailboxId', 'Equals', item]])).entities[0];
    expect(Number(entries(stat, 'Import').Calendar.ErrorCount)).toBe(3);
    expect(Number(entries(stat, 'Import').Calendar.SuccessCount)).toBe(mailbox.items.Calendar - 3);

    const repair = await client.submit(item, 'Repair');
    expect(repair.status).toBe(200);
    await later(hours(1));
    expect((await client.pass(repair.entities[0].Id)).Status).toBe('Completed');
    const repaired = (await client.retrieve('MailboxStat', [['MailboxId', 'Equals', item]])).entities[0];
    expect(Number(entries(repaired, 'Import').Calendar.SuccessCount)).toBe(mailbox.items.Calendar);
    expect((await client.retrieve('MailboxError', [['MailboxId', 'Equals', item]])).entities).toHaveLength(3);
    expect((await client.submit(item, 'Repair')).fault?.errorCode).toBe('InvalidOperation');
  });

  it('keeps the needs-user item WaitingForEndUser until the user supplies credentials (control call)', async () => {
    const mailbox = byDefect('needs-user')[0] as SeededMailbox;
    const { items } = await project([mailbox]);
    const pass = await client.submit(items[0] ?? '', 'Verification');
    clock += minutes(5);
    expect((await client.pass(pass.entities[0].Id)).Status).toBe('WaitingForEndUser');
    const control = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ migrationWiz: { userSuppliesCredentials: { email: mailbox.source } } }),
    });
    expect(control.status).toBe(200);
    expect((await client.pass(pass.entities[0].Id)).Status).toBe('Processing');
    clock += minutes(2);
    expect((await client.pass(pass.entities[0].Id)).Status).toBe('Completed');
  });

  it('lets a waiting user supply credentials by themselves after ten simulated minutes', async () => {
    const mailbox = byDefect(undefined)[2] as SeededMailbox;
    const id = await client.createProject(`Passes without admin ${++projectCount}`, {
      ExportConfiguration: { UseAdministrativeCredentials: false },
    });
    const [item] = await client.addItems(id, [mailbox]);
    const pass = await client.submit(item ?? '', 'Verification');
    clock += minutes(5);
    expect((await client.pass(pass.entities[0].Id)).Status).toBe('WaitingForEndUser');
    clock += minutes(10);
    const done = await client.pass(pass.entities[0].Id);
    expect(done.Status).toBe('Completed');
    expect(Date.parse(done.StartDate) - Date.parse(done.CreateDate)).toBe(20_000 + minutes(10));
  });

  it('queues passes beyond MaximumSimultaneousMigrations and starts them as slots free', async () => {
    const healthy = byDefect(undefined).slice(3, 6);
    const { id, items } = await project(healthy, { MaximumSimultaneousMigrations: 2 });
    const created = await client.create(
      items.map((i) => ({ type: 'MailboxMigration', fields: { MailboxId: i, Type: 'Verification' } })),
    );
    const ids = created.entities.map((e: Json) => e.Id);
    clock += 30_000;
    const statuses = async () => Promise.all(ids.map(async (p: string) => (await client.pass(p)).Status));
    expect(await statuses()).toEqual(['Processing', 'Processing', 'Queued']);
    const raised = await client.update([
      { type: 'MailboxConnector', fields: { Id: id, MaximumSimultaneousMigrations: 3 } },
    ]);
    expect(raised.entities[0].MaximumSimultaneousMigrations).toBe('3');
    expect(await statuses()).toEqual(['Processing', 'Processing', 'Processing']);
    clock += minutes(2);
    expect(await statuses()).toEqual(['Completed', 'Completed', 'Completed']);
  });

  it('stops a running pass: Stopping, then Stopped; a finished pass cannot be stopped', async () => {
    const mailbox = byDefect(undefined)[6] as SeededMailbox;
    const { items } = await project([mailbox]);
    const full = await client.submit(items[0] ?? '', 'Full');
    clock += minutes(10);
    const id = full.entities[0].Id;
    expect((await client.pass(id)).Status).toBe('Processing');
    const stop = await client.update([{ type: 'MailboxMigration', fields: { Id: id, Status: 'Stopping' } }]);
    expect(stop.entities[0].Status).toBe('Stopping');
    clock += minutes(1);
    const stopped = await client.pass(id);
    expect(stopped.Status).toBe('Stopped');
    const again = await client.update([{ type: 'MailboxMigration', fields: { Id: id, Status: 'Stopping' } }]);
    expect([again.status, again.fault?.errorCode]).toEqual([500, 'InvalidOperation']);
  });

  it('serves the hosted Exchange world to its own account, checking the servers named', async () => {
    const hoster = new MwzClient(sim.url, HOSTER_WORKGROUP, HOSTER_ACCOUNT);
    expect((await hoster.authenticate()).status).toBe(200);
    const litware = await seededMailboxes(sim.url, HOSTER_WORKGROUP);
    expect(litware).toHaveLength(10);
    expect(litware.every((m) => m.source === m.target && m.source.endsWith('@litware.com'))).toBe(true);
    const id = await hoster.createProject('Litware to the new hoster');
    const wrong = await hoster.createProject('Litware, wrong server', {
      ExportConfiguration: {
        Url: 'https://mail.elsewhere.example/EWS/Exchange.asmx',
        UseAdministrativeCredentials: true,
        AdministrativeUsername: 'admin',
        AdministrativePassword: 'admin-password',
      },
    });
    const first = litware[0] as SeededMailbox;
    const [good] = await hoster.addItems(id, [first]);
    const [misdirected] = await hoster.addItems(wrong, [first]);
    const passes = [
      await hoster.submit(good ?? '', 'Verification'),
      await hoster.submit(misdirected ?? '', 'Verification'),
    ];
    clock += minutes(5);
    const [ok, failed] = await Promise.all(passes.map((p) => hoster.pass(p.entities[0].Id)));
    expect(ok.Status).toBe('Completed');
    expect(failed.FailureMessage).toMatch(/remote name could not be resolved: 'mail\.elsewhere\.example'/);
    expect((await client.retrieve('MailboxConnector', [['Id', 'Equals', id]])).entities).toEqual([]);
  });
});
