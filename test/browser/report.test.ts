import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkthroughOutputDir } from '../../scripts/walkthrough-output';
import { sendMessage, waitForText } from '../support/playground';
import { usePlaygroundStack } from '../support/playground-stack';

const SHOTS = walkthroughOutputDir([], process.env);
const hour = (h: number, m = 0) => new Date(Date.UTC(2030, 0, 5, h, m)).toISOString();

describe('the report card in the Agents Playground', () => {
  const stack = usePlaygroundStack();

  it("renders with its three charts drawn, and the seed's reports below them", async () => {
    const { page } = stack.browser;
    const repos = stack.bot.services.ctx.repos;
    const batchId = 'northwind~charts';
    await repos.batches.create({
      id: batchId,
      pk: 'northwind',
      type: 'batch',
      tenantId: 'northwind',
      name: 'Charts',
      nameKey: 'charts',
      scenario: 'cross-tenant',
      version: 1,
      state: 'Completed',
      userCount: 4,
      createdBy: { id: 'x' },
      createdAt: hour(8),
      updatedAt: hour(12),
      summary: {
        total: 4,
        counts: { Completed: 3, Failed: 1 },
        percent: 100,
        failures: [],
        failureCount: 1,
        done: 4,
        samples: [],
        syncedAt: hour(12),
      },
    });
    const statuses = ['Completed', 'Completed', 'Completed', 'Failed'] as const;
    for (const [i, status] of statuses.entries())
      await repos.batchUsers.create({
        id: `${batchId}~user${i}@northwindtraders.com`,
        pk: batchId,
        type: 'batchUser',
        tenantId: 'northwind',
        batchId,
        email: `user${i}@northwindtraders.com`,
        status,
        error: status === 'Failed' ? 'No license was found for the source recipient' : undefined,
        updatedAt: hour(12),
      });
    const users = { waiting: 0, syncing: 0, ready: 0, completed: 3, failed: 1 };
    await repos.history.create({
      id: 'history',
      pk: batchId,
      type: 'history',
      tenantId: 'northwind',
      batchId,
      samples: [
        { at: hour(9), users: { ...users, completed: 0, failed: 0, waiting: 4 }, percent: 0, done: 0 },
        {
          at: hour(10, 30),
          users: { ...users, completed: 1, failed: 0, syncing: 3 },
          percent: 40,
          done: 1.6,
        },
        { at: hour(12), users, percent: 100, done: 4 },
      ],
      updatedAt: hour(12),
    });

    await sendMessage(page, 'report Charts');
    await waitForText(page, 'Report: Charts', 30_000);
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Report: Charts' }).last();
    await card.waitFor({ state: 'visible' });
    mkdirSync(SHOTS, { recursive: true });
    await card.screenshot({ path: path.join(SHOTS, 'report-card.png') });
    const text = (await card.textContent()) ?? '';
    const drawn = await card.locator('svg, canvas').count();
    // The seed's reports are on the card either way.
    expect(text).toContain('Mailboxes ready');
    expect(text).toContain('Fix: Assign the migration licence');
    expect(text).toContain('Complete: 3 mailboxes moved, 1 failed.');
    // The Playground draws Teams' charts (one SVG each), so the fallbacks are not shown there; the card
    // tests check the fallbacks older clients show.
    expect(drawn).toBeGreaterThanOrEqual(3);
    expect(text).toContain('Users by state');
    expect(text).toContain('Mailboxes moved per hour');
    expect(text).not.toMatch(/01-05 10:00 UTC\s*1\.6/);
  }, 120_000);
});
