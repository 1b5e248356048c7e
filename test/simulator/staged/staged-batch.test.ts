import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { invoke, invokeOk, type Json, MINUTE, manualClock, SECOND } from '../sim-client';
import { ADATUM, adatumDirectory, passwordFor, STAGED_ENDPOINT, stagedCsvData } from './staged-support';

/** Speed 60: one simulated minute per real second of the injected clock. */
const SPEED = 60;

async function users(sim: SimulatorHandle, batch: string): Promise<Json[]> {
  return invokeOk(sim.url, ADATUM, 'Get-MigrationUser', { BatchId: batch });
}
const statusOf = (list: Json[]) => Object.fromEntries(list.map((u) => [u.EmailAddress, u.Status]));
const batchOf = async (sim: SimulatorHandle, name: string) =>
  (await invokeOk(sim.url, ADATUM, 'Get-MigrationBatch', { Identity: name }))[0];

describe('staged migration batches (Outlook Anywhere, seed 003)', () => {
  let sim: SimulatorHandle;
  let dir: string | undefined;
  afterEach(async () => {
    await sim.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('validates each row, provisions 3 users at a time (MEU to mailbox, then data), syncs, completes', async () => {
    const clock = manualClock();
    dir = mkdtempSync(join(tmpdir(), 'staged-'));
    const stateFile = join(dir, 'state.json');
    sim = await startSimulator({ now: clock.now, speed: SPEED, stateFile });
    const { withMeu, withoutMeu } = await adatumDirectory(sim.url);
    expect(withMeu).toHaveLength(18);
    expect(withoutMeu).toHaveLength(2);
    const movers = [...withMeu.slice(0, 6), ...withoutMeu];
    const rows = movers.map((email, i) => ({ email, password: passwordFor(email), force: i % 2 === 0 }));

    const [created] = await invokeOk(sim.url, ADATUM, 'New-MigrationBatch', {
      Name: 'Staged 1',
      CSVData: stagedCsvData(rows),
      SourceEndpoint: STAGED_ENDPOINT,
    });
    expect(created).toMatchObject({
      Status: 'Created',
      MigrationType: 'ExchangeOutlookAnywhere',
      TotalCount: 8,
      FailedCount: 2,
      ProvisionedCount: 0,
    });
    const failed = (await users(sim, 'Staged 1')).filter((u) => u.Status === 'Failed');
    expect(failed.map((u) => u.EmailAddress).sort()).toEqual([...withoutMeu].sort());
    for (const u of failed)
      expect(u.ErrorSummary).toContain(`There is no mail-enabled user for '${u.EmailAddress}'`);

    await invokeOk(sim.url, ADATUM, 'Start-MigrationBatch', { Identity: 'Staged 1' });
    clock.advance(2 * SECOND); // Starting takes a simulated minute
    const provisioning = await users(sim, 'Staged 1');
    expect(provisioning.filter((u) => u.Status === 'Provisioning').map((u) => u.EmailAddress)).toEqual(
      movers.slice(0, 3),
    );
    expect(provisioning.filter((u) => u.Status === 'Queued')).toHaveLength(3);
    // While provisioning, the MEU is still an MEU.
    expect(
      (await invokeOk(sim.url, ADATUM, 'Get-MailUser', { Identity: movers[0] }))[0].RecipientTypeDetails,
    ).toBe('MailUser');

    clock.advance(3 * SECOND); // provisioning takes three simulated minutes
    const ready = await users(sim, 'Staged 1');
    expect(statusOf(ready)[movers[0]!]).toBe('Syncing');
    expect(ready.filter((u) => u.Status === 'Syncing').length).toBe(3);
    expect((await batchOf(sim, 'Staged 1')).ProvisionedCount).toBe(3);
    // The MEU is a mailbox now: Get-Mailbox finds it with its addresses, Get-MailUser no longer does.
    const [mailbox] = await invokeOk(sim.url, ADATUM, 'Get-Mailbox', { Identity: movers[0] });
    expect(mailbox).toMatchObject({ RecipientTypeDetails: 'UserMailbox', PrimarySmtpAddress: movers[0] });
    expect(mailbox.EmailAddresses).toContain(`smtp:${movers[0]!.split('@')[0]}@adatum.mail.onmicrosoft.com`);
    expect(mailbox.EmailAddresses.some((a: string) => a.startsWith('x500:/o=Adatum/'))).toBe(true);
    expect((await invoke(sim.url, ADATUM, 'Get-MailUser', { Identity: movers[0] })).status).toBe(404);

    // Never more than MaxConcurrentMigrations (3) users provisioning or copying at once.
    for (let i = 0; i < 40; i++) {
      clock.advance(15 * SECOND);
      const now = await users(sim, 'Staged 1');
      expect(
        now.filter((u) => u.Status === 'Provisioning' || u.Status === 'Syncing').length,
      ).toBeLessThanOrEqual(3);
      if (now.every((u) => u.Status === 'Synced' || u.Status === 'Failed')) break;
    }
    expect(await batchOf(sim, 'Staged 1')).toMatchObject({
      Status: 'SyncedWithErrors',
      SyncedCount: 6,
      ProvisionedCount: 6,
    });

    await invokeOk(sim.url, ADATUM, 'Complete-MigrationBatch', { Identity: 'Staged 1' });
    clock.advance(10 * MINUTE);
    expect(await batchOf(sim, 'Staged 1')).toMatchObject({
      Status: 'CompletedWithErrors',
      FinalizedCount: 6,
    });

    // The passwords reached the cloud users, and nothing else keeps them.
    for (const row of rows.slice(0, 6)) {
      expect(sim.stagedPasswordMatches('adatum', row.email, row.password)).toBe(true);
      expect(sim.stagedPasswordMatches('adatum', row.email, 'something else')).toBe(false);
    }
    const [call] = sim.calls({ cmdlet: 'New-MigrationBatch', tenant: 'adatum' });
    const logged = Buffer.from((call!.parameters.CSVData as { Data: number[] }).Data).toString('utf8');
    expect(logged.split('\r\n')[1]).toBe(`${movers[0]},********,True`);
    const everything = JSON.stringify(sim.calls()) + readFileSync(stateFile, 'utf8');
    for (const row of rows) expect(everything).not.toContain(row.password);

    // Removing the finished batch leaves the converted mailboxes.
    await invokeOk(sim.url, ADATUM, 'Remove-MigrationBatch', { Identity: 'Staged 1', Confirm: false });
    expect(
      (await invokeOk(sim.url, ADATUM, 'Get-Mailbox', { Identity: movers[1] }))[0].RecipientTypeDetails,
    ).toBe('UserMailbox');
  });

  it('keeps a row without an MEU or an on-premises mailbox Failed when the batch starts, with the reason', async () => {
    sim = await startSimulator({ speed: SPEED });
    const { withoutMeu } = await adatumDirectory(sim.url);
    await invokeOk(sim.url, ADATUM, 'New-MigrationBatch', {
      Name: 'Only missing and one',
      CSVData: stagedCsvData([{ email: withoutMeu[0]! }, { email: 'nobody@adatum.com' }]),
      SourceEndpoint: STAGED_ENDPOINT,
    });
    await invokeOk(sim.url, ADATUM, 'Start-MigrationBatch', { Identity: 'Only missing and one' });
    const list = await users(sim, 'Only missing and one');
    expect(statusOf(list)).toEqual({ [withoutMeu[0]!]: 'Failed', 'nobody@adatum.com': 'Failed' });
    expect(list.find((u) => u.EmailAddress === 'nobody@adatum.com').ErrorSummary).toContain(
      "couldn't be found on the on-premises Exchange server",
    );
  });

  it('refuses a file a staged migration does not accept, naming the problem', async () => {
    sim = await startSimulator({ speed: SPEED });
    const { withMeu } = await adatumDirectory(sim.url);
    const create = (csv: string) =>
      invoke(sim.url, ADATUM, 'New-MigrationBatch', {
        Name: 'Bad',
        CSVData: { '@odata.type': '#Exchange.ByteArrayType', Data: [...Buffer.from(csv)] },
        SourceEndpoint: STAGED_ENDPOINT,
      });
    const extra = await create(`EmailAddress,Department\r\n${withMeu[0]},Sales`);
    expect(extra.status).toBe(400);
    expect(extra.text).toContain("the column 'department', which a staged migration doesn't accept");
    const tooMany = await create(
      ['EmailAddress', ...Array.from({ length: 1001 }, (_, i) => `u${i}@adatum.com`)].join('\r\n'),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('a staged migration batch can hold at most 1000');
    const badFlag = await create(`EmailAddress,Password,ForceChangePassword\r\n${withMeu[0]},Secret-1,maybe`);
    expect(badFlag.status).toBe(400);
    expect(badFlag.text).toContain('ForceChangePassword must be True or False');
    expect(badFlag.text).not.toContain('Secret-1');
    const ragged = await create(`EmailAddress,Password\r\n${withMeu[0]}`);
    expect(ragged.status).toBe(400);
    expect(ragged.text).toContain('Row 2 has 1 columns; the header row has 2.');
    expect(await invokeOk(sim.url, ADATUM, 'Get-MigrationBatch')).toEqual([]);
  });

  it('refuses a staged batch while directory synchronization is not running', async () => {
    sim = await startSimulator({ speed: SPEED });
    const { withMeu } = await adatumDirectory(sim.url);
    const [before] = await invokeOk(sim.url, ADATUM, 'Get-OrganizationConfig');
    expect(before).toMatchObject({ Identity: ADATUM, IsDirSyncRunning: true });
    sim.faults.stopDirSync('adatum');
    expect((await invokeOk(sim.url, ADATUM, 'Get-OrganizationConfig'))[0].IsDirSyncRunning).toBe(false);
    const refused = await invoke(sim.url, ADATUM, 'New-MigrationBatch', {
      Name: 'No sync',
      CSVData: stagedCsvData([{ email: withMeu[0]! }]),
      SourceEndpoint: STAGED_ENDPOINT,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Directory synchronization isn't running for Adatum Corporation");
    sim.faults.reset();
    expect((await invokeOk(sim.url, ADATUM, 'Get-OrganizationConfig'))[0].IsDirSyncRunning).toBe(true);
    // Cloud-only tenants do not synchronize; hybrid ones do.
    expect(
      (await invokeOk(sim.url, 'contoso.onmicrosoft.com', 'Get-OrganizationConfig'))[0].IsDirSyncRunning,
    ).toBe(false);
    expect(
      (await invokeOk(sim.url, 'fabrikam.onmicrosoft.com', 'Get-OrganizationConfig'))[0].IsDirSyncRunning,
    ).toBe(true);
  });
});
