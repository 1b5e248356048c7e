import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { startConnectorCapture } from '../support/connector';
import { cardText, cardOf, eventually, startTestCutover, tempDir } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';

describe('restart: the bot stops mid-migration and continues on the same data', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 20_000 });
    connector = await startConnectorCapture();
  });
  afterAll(async () => {
    for (const bot of open) await bot.close().catch(() => undefined);
    await connector?.close();
    await simulator?.close();
  });

  it('keeps the batch, its card and an accepted start across restarts, and calls Start once', async () => {
    const dataDir = await tempDir();
    const emails = await northwindUsers(simulator.url, 4);

    // First life: create the batch.
    const first = await startTestCutover({ exchangeUrl: simulator.url, dataDir });
    open.push(first);
    const say = (url: string, text: string) =>
      postActivity(url, makeMessage({ text, serviceUrl: connector.url }));
    await say(
      first.url,
      `batch create Restart1 --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    const read = (bot: typeof first) =>
      bot.services.ctx.repos.batches.read('northwind', 'northwind~restart1');
    await eventually(async () => (await read(first))?.state === 'Created', 10_000, 'Created');
    const cardId = (await read(first))?.card?.activityId;
    expect(cardId).toBeDefined();
    await first.close();

    // Second life, without jobs: the start is asked for and approved (so its intent is recorded), then
    // the process goes away before anything reaches Exchange.
    const second = await startTestCutover({ exchangeUrl: simulator.url, dataDir });
    open.push(second);
    await second.services.jobs.stop();
    await say(second.url, 'batch start Restart1');
    const approval = await eventually(
      async () => (await second.services.ctx.repos.approvals.query({ pk: 'northwind~restart1' })).items[0],
      5000,
      'the approval',
    );
    await postActivity(
      second.url,
      makeInvoke({
        verb: 'approval.approve',
        data: { approvalId: approval.id, batchId: approval.batchId, version: approval.batchVersion },
        from: USERS.megan,
        serviceUrl: connector.url,
      }),
    );
    await eventually(
      async () => (await read(second))?.pending?.action === 'start',
      5000,
      'the pending start',
    );
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(0);
    await second.close();

    // Third life: the recorded intent runs exactly once and the batch syncs to the end.
    const third = await startTestCutover({ exchangeUrl: simulator.url, dataDir });
    open.push(third);
    await eventually(
      async () => ['Synced', 'SyncedWithErrors'].includes((await read(third))?.state ?? ''),
      30_000,
      'Synced',
    );
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(1);
    expect(simulator.calls({ cmdlet: 'New-MigrationBatch' })).toHaveLength(1);
    const batch = await read(third);
    expect(batch?.card?.activityId).toBe(cardId);
    expect(batch?.summary?.total).toBe(4);
    // The start's reply posted the chat's newest batch card: it is the one that follows the batch.
    const liveId = batch?.cards?.at(-1)?.activityId;
    expect(liveId).toBeDefined();
    const update = await eventually(
      () =>
        [...connector.calls]
          .reverse()
          .find(
            (c) => c.kind === 'update' && c.activityId === liveId && /Synced/.test(cardText(cardOf(c.body))),
          ),
      10_000,
      'the live card updated after the restart',
    );
    expect(update.path).toContain('/activities/');
    const audit = await third.services.ctx.repos.audit.query({ pk: batch!.id, pageSize: 50 });
    expect(audit.items.map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(
      [
        'approval:start:approved',
        'approval:start:requested',
        'create:done',
        'create:requested',
        'preflight:done',
        'start:done',
      ].sort(),
    );
    await third.close();
  });
});
