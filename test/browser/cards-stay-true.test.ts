import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/playground';
import { clickCardButton, sendMessage, waitForText } from '../support/playground';
import { keepingFailure } from '../support/card-locators';
import { usePlaygroundStack } from '../support/playground-stack';
import { northwindUsers } from '../support/simulator-data';

/** Screenshots go to an untracked folder; the good ones are copied to docs/ by hand. */
const SHOTS = path.join(REPO_ROOT, '.data', 'screenshots');
const BATCH = 'PlayCards';

/** What each card about the batch shows at the end: a live batch card (with its state) or a superseded line. */
async function batchCards(page: Page): Promise<{ superseded: number; live: string[] }> {
  const cards = page.locator('.ac-adaptiveCard').filter({ hasText: BATCH });
  const texts = await cards.allInnerTexts();
  const superseded = texts.filter((t) => t.trim().startsWith(`Superseded: ${BATCH}`)).length;
  const live = [];
  for (const [i, text] of texts.entries()) {
    const isBatchCard = (await cards.nth(i).getByRole('button', { name: 'Users', exact: true }).count()) > 0;
    if (isBatchCard && !text.trim().startsWith('Superseded')) live.push(text);
  }
  return { superseded, live };
}

describe('batch cards stay true in the Agents Playground', () => {
  const stack = usePlaygroundStack();

  it('start, approve, cut over: every batch card in the chat ends Completed or superseded', async () => {
    const { page } = stack.browser;
    await keepingFailure(page, SHOTS, 'cards-stay-true', () => walk(page));
  }, 150_000);

  async function walk(page: Page) {
    const emails = await northwindUsers(stack.simulator.url, 3);

    // A card from the create form, a second one from a status: the first says it is superseded.
    await sendMessage(page, 'batch new');
    const form = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: 'Create batch' }) })
      .last();
    await form.waitFor({ state: 'visible', timeout: 20_000 });
    await form.getByLabel('Batch name').fill(BATCH);
    await form.getByLabel('Users (CSV)').fill(['EmailAddress', ...emails].join('\n'));
    await form.getByRole('button', { name: 'Create batch' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: BATCH })
      .filter({ has: page.getByRole('button', { name: 'Start', exact: true }) })
      .last()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await sendMessage(page, `batch status ${BATCH}`);
    await waitForText(page, `Superseded: ${BATCH}`, 15_000);

    // Start from the live card, approve; the answer to the start is the live card.
    await clickCardButton(page, 'Start');
    await clickCardButton(page, 'Approve');
    await waitForText(page, `${BATCH} is synced`, 30_000);

    // Cut over by command: the confirmation becomes the batch's card, the status card is superseded.
    await sendMessage(page, `batch cutover ${BATCH}`);
    await clickCardButton(page, 'Yes, cut over');
    await clickCardButton(page, 'Approve');
    await waitForText(page, `${BATCH} is completed`, 30_000);

    const stored = await stack.bot.services.ctx.repos.batches.read(
      'northwind',
      `northwind~${BATCH.toLowerCase()}`,
    );
    expect(stored?.state).toBe('Completed');
    expect(stored?.cards).toHaveLength(1);

    // Every card of the batch in the chat: the live one shows Completed, the others are superseded.
    const deadline = Date.now() + 15_000;
    let seen = await batchCards(page);
    while (!(seen.live.length === 1 && seen.live.every((t) => /\bCompleted\b/.test(t)))) {
      if (Date.now() > deadline) break;
      await page.waitForTimeout(250);
      seen = await batchCards(page);
    }
    expect(seen.live).toHaveLength(1);
    expect(seen.live[0]).toMatch(/\bCompleted\b/);
    expect(seen.superseded).toBe(2);

    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 2400 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, 'cards-stay-true.png') });
  }
});
