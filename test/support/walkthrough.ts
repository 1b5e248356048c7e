import type { Page } from 'playwright-core';
import { clickCardButton, sendMessage, waitForText } from './playground';

export interface WalkthroughStep {
  step: string;
  seconds: number;
}

/** Types a message with several lines (Shift+Enter between them) and sends it. */
export async function sendLines(page: Page, lines: string[]): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  await box.click();
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    if (i < lines.length - 1) await page.keyboard.press('Shift+Enter');
  }
  await page.keyboard.press('Enter');
}

/**
 * The README walkthrough, as a person does it in the Agents Playground:
 * help, create a cross-tenant batch, start it, watch it sync, cut over, see it complete.
 * Returns how long each step took.
 */
export async function runWalkthrough(
  page: Page,
  options: {
    batch: string;
    emails: string[];
    timeoutMs: number;
    onStep?: (step: WalkthroughStep) => Promise<void> | void;
    /** Called once while the batch syncs (the card shows Syncing), e.g. for a picture. */
    whileSyncing?: () => Promise<void>;
  },
): Promise<WalkthroughStep[]> {
  const steps: WalkthroughStep[] = [];
  const timed = async (step: string, work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    const record = { step, seconds: Math.round((Date.now() - started) / 100) / 10 };
    steps.push(record);
    await options.onStep?.(record);
  };
  const { batch, timeoutMs } = options;

  await timed('help', async () => {
    await sendMessage(page, 'help');
    await waitForText(page, 'batch cutover \u2039name\u203A [now|\u2039ISO-8601 time\u203A]', timeoutMs);
  });
  await timed('create with the form (until Created)', async () => {
    await sendMessage(page, 'batch new');
    const form = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: 'Create batch' }) })
      .last();
    await form.waitFor({ state: 'visible', timeout: timeoutMs });
    await form.getByLabel('Batch name').fill(batch);
    await form.getByLabel('Users (CSV)').fill(['EmailAddress', ...options.emails].join('\n'));
    await form.getByRole('button', { name: 'Create batch' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: batch })
      .filter({ has: page.getByRole('button', { name: 'Start', exact: true }) })
      .last()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  });
  await timed('start until synced', async () => {
    await clickCardButton(page, 'Start');
    await clickCardButton(page, 'Approve');
    if (options.whileSyncing) {
      await page
        .locator('.ac-adaptiveCard')
        .filter({ hasText: 'Syncing' })
        .last()
        .waitFor({ timeout: timeoutMs });
      await options.whileSyncing();
    }
    await waitForText(page, `${batch} is synced`, timeoutMs);
  });
  await timed('cut over until completed', async () => {
    await clickCardButton(page, 'Cut over');
    await clickCardButton(page, 'Yes, cut over');
    await clickCardButton(page, 'Approve');
    await waitForText(page, `${batch} is completed`, timeoutMs);
  });
  return steps;
}
