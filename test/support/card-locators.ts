import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const CARD = '.ac-adaptiveCard';

/** The newest card in the chat that shows `text` and has a button titled `button`. */
export function cardWithButton(page: Page, text: string | RegExp, button: string): Locator {
  return page
    .locator(CARD)
    .filter({ hasText: text })
    .filter({ has: page.getByRole('button', { name: button, exact: true }) })
    .last();
}

/**
 * Waits for the newest card with `text` and a button titled `button`, then clicks that button on it.
 * With `orUnderMore`, a card that has the button folded under its "More" button counts too: More is
 * clicked first to unfold it, as a person would.
 */
export async function clickButtonOnCard(
  page: Page,
  text: string | RegExp,
  button: string,
  timeoutMs = 15_000,
  options: { orUnderMore?: boolean } = {},
): Promise<void> {
  const byName = (name: string) => page.getByRole('button', { name, exact: true });
  const card = page
    .locator(CARD)
    .filter({ hasText: text })
    .filter({ has: options.orUnderMore ? byName(button).or(byName('More')) : byName(button) })
    .last();
  await card.waitFor({ state: 'visible', timeout: timeoutMs });
  const target = card.getByRole('button', { name: button, exact: true }).first();
  if (options.orUnderMore && !(await target.isVisible())) {
    await card.getByRole('button', { name: 'More', exact: true }).first().click();
  }
  await target.click({ timeout: timeoutMs });
}

/** What a batch card says when a click on it came after the batch changed (bot/replies.ts, `batch.stale`). */
const STALE_CARD = /changed since this card was shown/;

/**
 * Clicks `button` on the newest card holding `text`, then waits for the card whose button is `confirm`.
 * A batch that changed between the card's last update and the click (a sync, a notice) answers with its
 * current card saying so, as a person would see it; the button is then clicked once more on that card,
 * which is current.
 */
export async function clickForConfirmation(
  page: Page,
  text: string | RegExp,
  button: string,
  confirm: string,
  timeoutMs = 15_000,
): Promise<void> {
  const confirmation = page.getByRole('button', { name: confirm, exact: true }).last();
  const stale = page.locator(CARD).filter({ hasText: text }).filter({ hasText: STALE_CARD }).last();
  await clickButtonOnCard(page, text, button, timeoutMs);
  await confirmation.or(stale).first().waitFor({ state: 'visible', timeout: timeoutMs });
  if (await confirmation.isVisible()) return;
  await clickButtonOnCard(page, text, button, timeoutMs);
  await confirmation.waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Clicks the button titled `button` in the row of the newest card titled `cardTitle` whose text
 * contains `rowText` (a runbook step: its text, then its Done / Reopen / Verify buttons). The row is the
 * innermost element holding both the text and the button: an element comes after its ancestors in
 * document order, so it is the last match.
 */
export async function clickButtonInRow(
  page: Page,
  cardTitle: string,
  rowText: string,
  button: string,
  timeoutMs = 15_000,
): Promise<void> {
  const card = page.locator(CARD).filter({ hasText: cardTitle }).last();
  const row = card
    .locator('div')
    .filter({ hasText: rowText })
    .filter({ has: page.getByRole('button', { name: button, exact: true }) })
    .last();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.getByRole('button', { name: button, exact: true }).first().click();
}

/** The text of the row (as in clickButtonInRow) of the newest card titled `cardTitle` that contains `text`. */
export async function rowText(page: Page, cardTitle: string, text: string): Promise<string> {
  const card = page.locator(CARD).filter({ hasText: cardTitle }).last();
  const row = card
    .locator('div')
    .filter({ hasText: text })
    .filter({ has: page.getByRole('button') })
    .last();
  return textShown(row);
}

/** How many cards in the chat have a button titled `button`. */
export function countCardsWithButton(page: Page, button: string): Promise<number> {
  return page
    .locator(CARD)
    .filter({ has: page.getByRole('button', { name: button, exact: true }) })
    .count();
}

/**
 * The text of what `locator` matches as the page renders it, with line breaks between blocks (the DOM's
 * textContent runs a card's blocks together).
 */
export async function textShown(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n');
}

/**
 * Runs a browser walkthrough; when it fails, keeps what the page showed in `dir`: a screenshot and the
 * text of every card (`<name>-failure.png`, `<name>-failure.txt`), then fails with the error.
 */
export async function keepingFailure(page: Page, dir: string, name: string, walk: () => Promise<void>) {
  try {
    await walk();
  } catch (error) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}-failure.png`) });
    const cards = await page.locator('.ac-adaptiveCard').allInnerTexts();
    writeFileSync(path.join(dir, `${name}-failure.txt`), cards.join('\n\n----\n\n'));
    throw error;
  }
}
