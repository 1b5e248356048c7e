import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PassType, ProviderUser } from '../../../../services/providers/migration-provider';
import { DAY, ENV, MINUTE, type MwzWorld, type SeededMailbox, startMwzWorld } from './simulator-world';

const BAD_CREDENTIALS =
  'Your migration failed checking source credentials. The remote server returned an error: (401) Unauthorized.';

let world: MwzWorld;
beforeEach(async () => {
  world = await startMwzWorld();
});
afterEach(() => world.close());

const withDefect = (defect: SeededMailbox['defect']) => world.mailboxes.find((m) => m.defect === defect)!;
const plainMailboxes = () => world.mailboxes.filter((m) => !m.defect);

async function create(name: string, mapping: SeededMailbox[]) {
  return world.engine.createBatch({
    name,
    csv: '',
    mapping: mapping.map(({ source, target }) => ({ source, target })),
  });
}

async function users(name: string): Promise<ProviderUser[]> {
  await world.engine.getBatch(name);
  return (await world.engine.listUsers(name)).users;
}

const userOf = (list: ProviderUser[], mailbox: SeededMailbox) =>
  list.find((u) => u.emailAddress.toLowerCase() === mailbox.target.toLowerCase())!;

function submit(name: string, type: PassType, olderThanDays?: number) {
  return world.engine.submitPass!(name, { type, since: new Date(world.clock.now), olderThanDays });
}

/** The MailboxMigration entities the simulator was asked to create, in order. */
function createdPasses(): Record<string, unknown>[] {
  return world
    .mwzCalls('MigrationWiz:Create:MailboxMigration')
    .filter((c) => c.status === 200)
    .flatMap((c) => c.parameters['entities'] as Record<string, unknown>[]);
}

describe('creating a batch', () => {
  it('creates the project with administrative credentials, then only the items not there yet', async () => {
    const batch = await create('Merger wave 1', world.mailboxes.slice(0, 8));
    expect(batch).toMatchObject({
      identity: 'Merger wave 1',
      status: 'Created',
      totalCount: 8,
      pendingCount: 8,
    });
    const [project] = world.mwzCalls('MigrationWiz:Create:MailboxConnector');
    expect(project?.parameters['entities']).toEqual([
      {
        Entity: 'MailboxConnector',
        WorkgroupId: world.config.workgroupId,
        Name: 'Merger wave 1',
        ProjectType: 'Mailbox',
        ExportType: 'Office365',
        ImportType: 'Office365',
        ExportConfiguration: {
          UseAdministrativeCredentials: 'true',
          AdministrativeUsername: 'admin@fabrikam.onmicrosoft.com',
        },
        ImportConfiguration: {
          UseAdministrativeCredentials: 'true',
          AdministrativeUsername: 'admin@contoso.onmicrosoft.com',
        },
        MaximumSimultaneousMigrations: '100',
        MaximumItemFailures: '100',
      },
    ]);

    const first = world.mailboxes[0]!;
    const again = await create('merger WAVE 1', [
      { source: first.source.toUpperCase(), target: first.target },
      ...world.mailboxes,
    ]);
    expect(again.totalCount).toBe(world.mailboxes.length);
    expect(world.mwzCalls('MigrationWiz:Create:MailboxConnector')).toHaveLength(1);
    const added = world
      .mwzCalls('MigrationWiz:Create:Mailbox')
      .flatMap((c) =>
        (c.parameters['entities'] as { ExportEmailAddress: string }[]).map((e) => e.ExportEmailAddress),
      );
    expect(added).toEqual(world.mailboxes.map((m) => m.source));

    const list = await users('Merger wave 1');
    expect(list).toHaveLength(world.mailboxes.length);
    expect(userOf(list, first)).toMatchObject({
      emailAddress: first.target,
      sourceEmail: first.source,
      batchId: 'Merger wave 1',
      status: 'Queued',
      statusSummary: 'Active',
    });
    expect(userOf(list, first).lastPass).toBeUndefined();
  });

  it('refuses a batch without a mapping, and never sends or logs the administrative passwords', async () => {
    await expect(
      world.engine.createBatch({ name: 'No mapping', csv: 'EmailAddress\na@b.c' }),
    ).rejects.toThrow(/mapping/);
    await create('Merger secrets', world.mailboxes.slice(0, 2));
    const logged = JSON.stringify(world.sim.calls());
    for (const secret of Object.values(ENV)) expect(logged).not.toContain(secret);
  });
});

describe('passes', () => {
  it('verify: Verified, a bad source password Failed in MigrationWiz words, a user who must sign in WaitingForUser', async () => {
    await create('Verify', world.mailboxes);
    const result = await submit('Verify', 'verify');
    expect(result).toEqual({ submitted: world.mailboxes.length, alreadySubmitted: 0, notApplicable: 0 });
    expect(createdPasses().every((p) => p['Type'] === 'Verification' && p['ItemTypes'] === 'None')).toBe(
      true,
    );

    world.advance(3 * MINUTE);
    const batch = await world.engine.getBatch('Verify');
    expect(batch?.status).toBe('Syncing');
    const list = (await world.engine.listUsers('Verify')).users;
    expect(userOf(list, withDefect('bad-source-credentials'))).toMatchObject({
      status: 'Failed',
      statusSummary: 'Failed',
      error: BAD_CREDENTIALS,
      lastPass: { type: 'verify', status: 'failed', engineStatus: 'Failed', failureMessage: BAD_CREDENTIALS },
    });
    const waiting = withDefect('needs-user');
    expect(userOf(list, waiting)).toMatchObject({
      status: 'WaitingForUser',
      engineStatus: 'WaitingForEndUser',
    });
    expect(userOf(list, plainMailboxes()[0]!)).toMatchObject({ status: 'Verified', statusSummary: 'Synced' });

    const stats = await world.engine.getUserStatistics(waiting.target);
    expect(stats?.waitingForUser).toMatch(/link MigrationWiz mailed you/);
    expect(stats?.passes?.map((p) => p.status)).toEqual(['waiting-for-user']);

    world.sim.faults.mwzUserSuppliesCredentials(waiting.source);
    world.advance(3 * MINUTE);
    const after = await users('Verify');
    expect(userOf(after, waiting).status).toBe('Verified');
    const done = await world.engine.getBatch('Verify');
    expect(done).toMatchObject({
      status: 'Created',
      failedCount: 1,
      pendingCount: world.mailboxes.length - 1,
    });
    // Verification ran for everyone (one failed it): nothing runs now and verify is done for the batch.
    expect(done?.passes).toEqual({ done: ['verify'] });
    expect((await world.engine.getUserStatistics(waiting.target))?.waitingForUser).toBeUndefined();
  });

  it('a repeated submitPass with the same since submits each item once', async () => {
    await create('Twice', world.mailboxes);
    const since = new Date(world.clock.now);
    const first = await world.engine.submitPass!('Twice', { type: 'prestage', since });
    world.advance(MINUTE);
    const second = await world.engine.submitPass!('Twice', { type: 'prestage', since });
    expect(first).toEqual({ submitted: world.mailboxes.length, alreadySubmitted: 0, notApplicable: 0 });
    expect(second).toEqual({ submitted: 0, alreadySubmitted: world.mailboxes.length, notApplicable: 0 });
    const passes = createdPasses();
    expect(passes).toHaveLength(world.mailboxes.length);
    expect(new Set(passes.map((p) => p['MailboxId'])).size).toBe(world.mailboxes.length);
    const cutOff = new Date(since.getTime() - 90 * DAY).toISOString();
    expect(
      passes.every((p) => p['Type'] === 'Full' && p['ItemTypes'] === 'Mail' && p['ItemEndDate'] === cutOff),
    ).toBe(true);
    // A full pass is another type: it is not taken for the pre-stage already submitted.
    world.advance(DAY);
    const full = await world.engine.submitPass!('Twice', { type: 'full', since });
    expect(full.submitted).toBe(world.mailboxes.length);
    expect(
      createdPasses()
        .slice(-world.mailboxes.length)
        .every((p) => p['ItemEndDate'] === undefined),
    ).toBe(true);
  });

  it('pre-stage, full with item errors, then repair only for the items with errors', async () => {
    const mapping = world.mailboxes.filter((m) => m.defect !== 'bad-source-credentials');
    const withErrors = withDefect('item-errors');
    await create('Merger', mapping);
    expect(await submit('Merger', 'prestage', 30)).toMatchObject({ submitted: mapping.length });
    expect(createdPasses()[0]?.['ItemEndDate']).toBe(new Date(world.clock.now - 30 * DAY).toISOString());
    world.advance(2 * DAY);
    expect(await world.engine.getBatch('Merger')).toMatchObject({
      status: 'Synced',
      syncedCount: mapping.length,
      passes: { done: ['prestage'] },
    });

    expect(await submit('Merger', 'full')).toMatchObject({ submitted: mapping.length });
    world.advance(MINUTE);
    expect((await world.engine.getBatch('Merger'))?.status).toBe('Syncing');
    world.advance(2 * DAY);
    expect(await world.engine.getBatch('Merger')).toMatchObject({
      status: 'CompletedWithErrors',
      finalizedCount: mapping.length,
      passes: { done: ['prestage', 'full'] },
    });
    const list = (await world.engine.listUsers('Merger')).users;
    expect(userOf(list, withErrors)).toMatchObject({
      status: 'CompletedWithWarnings',
      statusSummary: 'Completed',
      error: '3 items failed: The item exceeds the maximum size allowed by the destination',
      lastPass: { type: 'full', status: 'completed-with-errors', engineStatus: 'Completed' },
    });
    expect(userOf(list, plainMailboxes()[0]!)).toMatchObject({ status: 'Completed' });
    expect(userOf(list, plainMailboxes()[0]!).error).toBeUndefined();

    const stats = await world.engine.getUserStatistics(withErrors.source.toUpperCase());
    expect(stats?.emailAddress).toBe(withErrors.target);
    expect(stats?.passes?.map((p) => p.type)).toEqual(['full', 'prestage']);
    expect(stats?.itemTypes?.map((t) => t.itemType).sort()).toEqual(['Calendar', 'Contact', 'Mail', 'Task']);
    const calendar = stats?.itemTypes?.find((t) => t.itemType === 'Calendar');
    expect(calendar?.errorCount).toBe(3);
    expect(calendar?.successCount).toBeGreaterThan(0);
    expect(stats?.percentageComplete).toBe(100);
    expect(stats?.syncedItemCount).toBe(stats?.itemTypes?.reduce((n, t) => n + t.successCount, 0));
    expect(await world.engine.getUserStatistics('nobody@fabrikam.com')).toBeNull();

    const repair = await submit('Merger', 'repair');
    expect(repair).toEqual({ submitted: 1, alreadySubmitted: 0, notApplicable: mapping.length - 1 });
    expect(createdPasses().at(-1)).toMatchObject({ Type: 'Repair' });
    world.advance(DAY);
    expect(await world.engine.getBatch('Merger')).toMatchObject({
      status: 'Completed',
      passes: { done: ['prestage', 'full'] },
    });
    expect(userOf(await users('Merger'), withErrors)).toMatchObject({
      status: 'Completed',
      lastPass: { type: 'repair', status: 'completed' },
    });
  });

  it('stop asks every pass under way to stop; start resubmits the stopped passes alike', async () => {
    const mapping = plainMailboxes().slice(0, 4);
    await create('Stop', mapping);
    await submit('Stop', 'prestage', 60);
    world.advance(5 * MINUTE);
    expect((await world.engine.getBatch('Stop'))?.status).toBe('Syncing');
    await world.engine.stopBatch('Stop');
    const stops = world
      .mwzCalls('MigrationWiz:Update:MailboxMigration')
      .flatMap((c) => c.parameters['entities'] as object[]);
    expect(stops).toHaveLength(4);
    expect(stops.every((e) => (e as { Status: string }).Status === 'Stopping')).toBe(true);
    expect((await world.engine.getBatch('Stop'))?.status).toBe('Stopping');
    world.advance(2 * MINUTE);
    expect(await world.engine.getBatch('Stop')).toMatchObject({ status: 'Stopped', stoppedCount: 4 });
    expect((await world.engine.listUsers('Stop')).users.every((u) => u.status === 'Stopped')).toBe(true);

    const before = createdPasses();
    await world.engine.startBatch('Stop');
    const resubmitted = createdPasses().slice(before.length);
    expect(resubmitted).toHaveLength(4);
    expect(resubmitted.map(({ Type, ItemTypes, ItemEndDate }) => ({ Type, ItemTypes, ItemEndDate }))).toEqual(
      before.map(({ Type, ItemTypes, ItemEndDate }) => ({ Type, ItemTypes, ItemEndDate })),
    );
    expect((await world.engine.getBatch('Stop'))?.status).toBe('Syncing');
    world.advance(2 * DAY);
    expect((await world.engine.getBatch('Stop'))?.status).toBe('Synced');
    await world.engine.startBatch('Stop'); // nothing stopped or failed: nothing resubmitted
    expect(createdPasses()).toHaveLength(8);
  });
});
