import { describe, expect, it } from 'vitest';
import { sendMessage, waitForText } from '../support/playground';
import { usePlaygroundStack } from '../support/playground-stack';
import { northwindUsers } from '../support/simulator-data';
import { runWalkthrough } from '../support/walkthrough';

describe('the Agents Playground in headless Chromium', () => {
  const stack = usePlaygroundStack();

  it('walks a batch from help to Completed by typing and clicking', async () => {
    const emails = await northwindUsers(stack.simulator.url, 3);
    const steps = await runWalkthrough(stack.browser.page, { batch: 'PlayWave', emails, timeoutMs: 30_000 });
    expect(steps.map((s) => s.step)).toEqual([
      'help',
      'create with the form (until Created)',
      'start until synced',
      'cut over until completed',
    ]);
    const stored = await stack.bot.services.ctx.repos.batches.read('northwind', 'northwind~playwave');
    expect(stored?.state).toBe('Completed');
    expect(stack.simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(1);
    expect(stack.simulator.calls({ cmdlet: 'Complete-MigrationBatch' })).toHaveLength(1);
  }, 120_000);

  it('opens a batch status card and pages to its users with a card button', async () => {
    const { page } = stack.browser;
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
    const [first] = await northwindUsers(stack.simulator.url, 1);
    await waitForText(page, first!, 15_000);
    await waitForText(page, /Completed/, 5_000);
  }, 60_000);
});
