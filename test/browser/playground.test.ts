import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { startTestCutover } from '../support/cutover';
import {
  type LaunchedBrowser,
  launchBrowser,
  sendMessage,
  startPlayground,
  waitForText,
} from '../support/playground';
import { northwindUsers } from '../support/simulator-data';
import { runWalkthrough } from '../support/walkthrough';

describe('the Agents Playground in headless Chromium', () => {
  let simulator: SimulatorHandle;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 20_000 });
    bot = await startTestCutover({ exchangeUrl: simulator.url });
    playground = await startPlayground({ botUrl: `${bot.url}/api/messages` });
    browser = await launchBrowser();
    await browser.page.goto(playground.url);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await bot?.close();
    await simulator?.close();
  });

  it('walks a batch from help to Completed by typing and clicking', async () => {
    const emails = await northwindUsers(simulator.url, 3);
    const steps = await runWalkthrough(browser.page, { batch: 'PlayWave', emails, timeoutMs: 30_000 });
    expect(steps.map((s) => s.step)).toEqual([
      'help',
      'create with the form (until Created)',
      'start until synced',
      'cut over until completed',
    ]);
    const stored = await bot.services.ctx.repos.batches.read('northwind', 'northwind~playwave');
    expect(stored?.state).toBe('Completed');
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(1);
    expect(simulator.calls({ cmdlet: 'Complete-MigrationBatch' })).toHaveLength(1);
  }, 120_000);

  it('opens a batch status card and pages to its users with a card button', async () => {
    const { page } = browser;
    const cards = page.locator('.ac-adaptiveCard');
    const before = await cards.count();
    await sendMessage(page, 'batch status PlayWave');
    // The new card arrives, and the walkthrough's card above it becomes "superseded": click in the
    // new one only once both have happened, so the click is not on a card about to be replaced.
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(before);
    await waitForText(page, /Superseded/, 15_000);
    await cards
      .filter({ hasText: 'PlayWave' })
      .last()
      .getByRole('button', { name: 'Users', exact: true })
      .click();
    const [first] = await northwindUsers(simulator.url, 1);
    await waitForText(page, first!, 15_000);
    await waitForText(page, /Completed/, 5_000);
  }, 60_000);
});
