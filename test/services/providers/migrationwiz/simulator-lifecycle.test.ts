import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError, EngineNotFoundError } from '../../../../services/errors';
import { DAY, type MwzWorld, rejection, startMwzWorld } from './simulator-world';

let world: MwzWorld;
beforeEach(async () => {
  world = await startMwzWorld();
});
afterEach(() => world.close());

const plainMailboxes = () => world.mailboxes.filter((m) => !m.defect);

async function create(name: string, mapping: { source: string; target: string }[]) {
  return world.engine.createBatch({
    name,
    csv: '',
    mapping: mapping.map(({ source, target }) => ({ source, target })),
  });
}

describe('removal, completion and the endpoint', () => {
  it('removes the project; a second removal is EngineNotFoundError; completion is refused for good', async () => {
    await create('Gone', world.mailboxes.slice(0, 2));
    await world.engine.removeBatch('Gone');
    expect(world.mwzCalls('MigrationWiz:Delete:MailboxConnector')).toHaveLength(1);
    expect(await world.engine.getBatch('Gone')).toBeNull();
    const again = await rejection(world.engine.removeBatch('Gone'));
    expect(again).toBeInstanceOf(EngineNotFoundError);
    const complete = await rejection(world.engine.completeBatch('Gone'));
    expect(complete).toBeInstanceOf(EngineError);
    expect(complete.transient).toBe(false);
    expect(complete.engineMessage).toMatch(/no cutover.*full pass/);
    expect(await world.engine.getEndpoint('any')).toMatchObject({
      identity: 'Office365',
      endpointType: 'Office365',
    });
    expect(world.engine.capabilities).toEqual({
      passes: true,
      scheduledCompletion: false,
      itemTypeStatistics: true,
    });
  });
});

describe('faults', () => {
  it('waits out throttling and busy answers, and authenticates again when the ticket expired', async () => {
    await create('Faults', world.mailboxes.slice(0, 3));
    world.sim.faults.mwzThrottle(1, 1);
    world.sim.faults.mwzServerErrors(1);
    expect((await world.engine.getBatch('Faults'))?.totalCount).toBe(3);
    const refused = world.mwzCalls().filter((c) => c.status === 503);
    expect(refused).toHaveLength(2);

    world.sim.faults.mwzExpireTickets();
    expect((await world.engine.getBatch('Faults'))?.totalCount).toBe(3);
    expect(world.mwzCalls('MigrationWiz:Authenticate:')).toHaveLength(2);
    expect(world.mwzCalls().filter((c) => c.status === 500)).toHaveLength(1); // the one TicketExpired
  });

  it('a sync with nothing changed reads the project, one page of passes and one of errors', async () => {
    await create('Quiet', plainMailboxes());
    await world.engine.submitPass!('Quiet', { type: 'full', since: new Date(world.clock.now) });
    world.advance(2 * DAY);
    await world.engine.getBatch('Quiet');
    await world.engine.listUsers('Quiet');
    world.sim.clearCalls();
    await world.engine.getBatch('Quiet');
    await world.engine.listUsers('Quiet');
    expect(world.mwzCalls().map((c) => c.cmdlet)).toEqual([
      'MigrationWiz:Retrieve:MailboxConnector',
      'MigrationWiz:Retrieve:MailboxMigration',
      'MigrationWiz:Retrieve:MailboxError',
    ]);
  });
});
