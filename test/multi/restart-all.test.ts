import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../services/store/document-store';
import { USERS } from '../support/activities';
import { cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import {
  batchWhen,
  createBatch,
  providerCalls,
  readBatch,
  requestCutover,
  requestStart,
  SYNCED_STATES,
} from './batch-steps';
import { type Cluster, startCluster } from './cluster';
import type { BotProcess } from './start-bot-process';

describe('every instance stops and new ones start on the same store', () => {
  let cluster: Cluster;
  let a: BotProcess;
  let b: BotProcess;

  beforeAll(async () => {
    cluster = await startCluster();
    [a, b] = await Promise.all([cluster.start('instance-a'), cluster.start('instance-b')]);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  /** `batch status <name>` on an instance: the card it replies with. */
  async function status(bot: BotProcess, name: string) {
    const mark = cluster.connector.calls.length;
    const answer = await cluster.say(bot, `batch status ${name}`, USERS.isaiah);
    expect(answer.status).toBe(200);
    const reply = await eventually(
      () =>
        cluster.connector.calls
          .slice(mark)
          .find((c) => c.kind === 'reply' && c.body.type === 'message' && c.body.attachments),
      10_000,
      `the status of ${name}`,
    );
    return cardText(cardOf(reply.body));
  }

  it('keeps every batch and its state, and the new instances answer and carry on', {
    timeout: 60_000,
  }, async () => {
    const started = Date.now();
    const emails = await northwindUsers(cluster.simulator.url, 12);
    const created = await createBatch(cluster, a, { name: 'Kept1', emails: emails.slice(0, 4) });
    const synced = await createBatch(cluster, b, { name: 'Kept2', emails: emails.slice(4, 8) });
    const completed = await createBatch(cluster, a, { name: 'Kept3', emails: emails.slice(8, 12) });
    for (const [id, name] of [
      [synced, 'Kept2'],
      [completed, 'Kept3'],
    ] as const) {
      const { data } = await requestStart(cluster, a, name, id);
      expect((await cluster.invoke(b, 'approval.approve', data, USERS.megan)).statusCode).toBe(200);
    }
    await batchWhen(cluster, completed, (x) => SYNCED_STATES.includes(x.state), 20_000, 'Kept3 Synced');
    const cutover = await requestCutover(cluster, b, completed);
    expect((await cluster.invoke(a, 'approval.approve', cutover.data, USERS.megan)).statusCode).toBe(200);
    await batchWhen(cluster, completed, (x) => x.state === 'Completed', 20_000, 'Kept3 Completed');
    await batchWhen(cluster, synced, (x) => SYNCED_STATES.includes(x.state), 20_000, 'Kept2 Synced');

    // Both stop cleanly on SIGTERM.
    const stopping = Date.now();
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
    const stopMs = Date.now() - stopping;
    const before = new Map<string, { state: string; total?: number; audit: number }>();
    for (const id of [created, synced, completed]) {
      const batch = await readBatch(cluster, id);
      before.set(id, {
        state: batch!.state,
        total: batch!.summary?.total,
        audit: (await readAll(cluster.repos.audit, { pk: id })).length,
      });
    }
    expect([...before.values()].map((x) => x.state)).toEqual([
      'Created',
      expect.stringMatching(/^Synced/),
      'Completed',
    ]);

    const restarting = Date.now();
    const [c, d] = await Promise.all([cluster.start('instance-c'), cluster.start('instance-d')]);
    const restartMs = Date.now() - restarting;
    for (const [id, kept] of before) {
      const batch = await readBatch(cluster, id);
      expect({ state: batch?.state, total: batch?.summary?.total }).toEqual({
        state: kept.state,
        total: kept.total,
      });
      expect((await readAll(cluster.repos.audit, { pk: id })).length).toBeGreaterThanOrEqual(kept.audit);
    }
    expect(await status(c!, 'Kept3')).toMatch(/Kept3[\s\S]*Completed/);
    expect(await status(d!, 'Kept2')).toMatch(/Kept2[\s\S]*Synced/);
    expect(await status(c!, 'Kept1')).toMatch(/Kept1[\s\S]*Created/);

    // The new instances carry on: Kept1 is started through them, once.
    const { data } = await requestStart(cluster, d!, 'Kept1', created);
    expect((await cluster.invoke(c!, 'approval.approve', data, USERS.megan)).statusCode).toBe(200);
    await batchWhen(cluster, created, (x) => SYNCED_STATES.includes(x.state), 20_000, 'Kept1 Synced');
    for (const name of ['Kept1', 'Kept2', 'Kept3']) {
      expect(providerCalls(cluster, 'Start-MigrationBatch', name), name).toHaveLength(1);
      expect(providerCalls(cluster, 'New-MigrationBatch', name), name).toHaveLength(1);
    }
    expect(providerCalls(cluster, 'Complete-MigrationBatch', 'Kept3')).toHaveLength(1);
    const after = cluster.tapped.filter((t) => t.startedAt > restarting).map((t) => t.instance);
    // Only the new instances reach Exchange (which of them runs a given job is a race).
    expect(after.length).toBeGreaterThan(0);
    expect([...new Set(after)].filter((i) => i !== 'instance-c' && i !== 'instance-d')).toEqual([]);
    console.log(
      `[multi] restart of all instances: SIGTERM of both ${stopMs} ms, two new instances up in ${restartMs} ms; test ${Date.now() - started} ms`,
    );
  });
});
