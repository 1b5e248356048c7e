import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { batchWhen, createBatch, readBatch } from './batch-steps';
import { type Cluster, startCluster } from './cluster';

const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.notices.json');
const USERS = 500;
/** The regular Northwind movers; extra users come after them (and carry no seeded defects). */
const REGULAR = 317;

describe('notices to 500 users survive two SIGKILLs and bursts of 429', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ tenantsFile: TENANTS_FILE, extraMailUsers: USERS });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('delivers exactly one "reset your profile" notice to each of the 500 users', async () => {
    const emails = (await northwindUsers(cluster.simulator.url, REGULAR + USERS)).slice(REGULAR);
    expect(emails).toHaveLength(USERS);
    let bot = await cluster.start('instance-a');
    const id = await createBatch(cluster, bot, { name: 'Big', emails });
    await cluster.say(bot, 'batch start Big');
    await batchWhen(
      cluster,
      id,
      (b) => ['Synced', 'SyncedWithErrors'].includes(b.state),
      60_000,
      'Big synced',
    );
    const synced = await readBatch(cluster, id);
    cluster.simulator.faults.connectorThrottle(30, 1);
    await cluster.invoke(bot, 'batch.confirm', { batchId: id, version: synced!.version, action: 'cutover' });

    const delivered = () =>
      cluster.simulator
        .deliveries({ kind: 'teams' })
        .filter((d) => d.kind === 'teams' && d.noticeId?.startsWith(`${id}:reset:`))
        .map((d) => (d.kind === 'teams' ? d.noticeId : undefined));
    // Two SIGKILLs in the middle of the fan-out, each followed by a new instance (and another 429 burst).
    for (const [mark, next] of [
      [100, 'instance-b'],
      [300, 'instance-c'],
    ] as const) {
      await eventually(() => delivered().length >= mark, 90_000, `${mark} notices delivered`);
      await bot.kill('SIGKILL');
      cluster.simulator.faults.connectorThrottle(20, 1);
      bot = await cluster.start(next);
    }

    await eventually(
      async () => {
        const notices = await readAll(cluster.repos.notices, { pk: id, where: { kind: 'reset' } });
        return notices.length === USERS && notices.every((n) => n.status === 'sent') ? notices : undefined;
      },
      120_000,
      'every notice sent',
    );
    const ids = delivered();
    expect(ids).toHaveLength(USERS);
    expect(new Set(ids).size).toBe(USERS);
    expect(new Set(ids)).toEqual(new Set(emails.map((e) => `${id}:reset:${e.toLowerCase()}`)));
    const stats = cluster.simulator.connectorStats();
    console.log(`[multi] notices: ${ids.length} delivered, 0 duplicates; connector ${JSON.stringify(stats)}`);
  }, 400_000);
});
