import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { walkthroughOutputDir } from '../../scripts/walkthrough-output';
import { readAll } from '../../services/store/document-store';
import {
  clickButtonInRow,
  clickButtonOnCard,
  clickForConfirmation,
  countCardsWithButton,
  rowText,
  keepingFailure,
} from '../support/card-locators';
import { eventually } from '../support/cutover';
import { clickCardButton, sendMessage, waitForText } from '../support/playground';
import { usePlaygroundStack } from '../support/playground-stack';
import { adatumDirectory, passwordFor } from '../simulator/staged/staged-support';

/**
 * Pictures go to .data/walkthrough/ (git ignores it); WALKTHROUGH_UPDATE_DOCS=1 writes them over the
 * ones docs/playground.md shows.
 */
const SHOTS = walkthroughOutputDir([], process.env);
const BATCH = 'StagedWave';
const TENANT = 'adatum';
const OPTION = 'Adatum (staged from Exchange 2007) · Staged (Exchange 2003/2007)';
const RUNBOOK = 'Staged migration from Exchange 2003 or 2007';
const MEU_STEP = 'Convert the migrated on-premises mailboxes to mail-enabled users';
const WAIT = 60_000;

describe('a staged migration (seed 003) in the Agents Playground', () => {
  const stack = usePlaygroundStack();

  it('batch new with passwords, start (approved), ready notices, cut over, completed, the MEU step', async () => {
    const { page } = stack.browser;
    await keepingFailure(page, SHOTS, 'staged', () => walk(page));
  }, 240_000);

  async function walk(page: Page) {
    const repos = stack.bot.services.ctx.repos;
    const batchId = `${TENANT}~${BATCH.toLowerCase()}`;
    const stored = () => repos.batches.read(TENANT, batchId);
    const users = (await adatumDirectory(stack.simulator.url)).withMeu.slice(0, 4);

    // batch new: Adatum's staged scenario, a name and the staged CSV with a password per user.
    await sendMessage(page, 'batch new');
    const form = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: 'Create batch' }) })
      .last();
    await form.waitFor({ state: 'visible', timeout: WAIT });
    await form.getByRole('combobox', { name: 'Tenant and scenario' }).click();
    await page.getByRole('option', { name: OPTION }).click();
    await form.getByLabel('Batch name').fill(BATCH);
    await form
      .getByLabel('Users (CSV)')
      .fill(
        [
          'EmailAddress,Password,ForceChangePassword',
          ...users.map((u) => `${u},${passwordFor(u)},True`),
        ].join('\n'),
      );
    await form.getByRole('button', { name: 'Create batch' }).click();
    await eventually(async () => (await stored())?.state === 'Created', WAIT, 'the batch created');
    await shoot(page, 'staged-created.png');

    // Start: the preflight passes (directory sync, the Outlook Anywhere endpoint, an MEU per row), then
    // the tenant's policy asks for an approval.
    const approvals = await countCardsWithButton(page, 'Approve');
    await clickButtonOnCard(page, BATCH, 'Start', WAIT);
    await approveNewest(page, approvals);
    await waitForText(page, `${BATCH} is synced`, WAIT);
    // Every user was told to start using the cloud mailbox when it was ready, before the cutover.
    const notices = await eventually(
      async () => {
        const all = (await readAll(repos.notices, { pk: batchId })).filter((n) => n.kind === 'reset');
        return all.length >= users.length ? all : undefined;
      },
      WAIT,
      'a notice per ready user',
    );
    expect(notices.map((n) => n.email).sort()).toEqual([...users].sort());
    expect(stack.simulator.calls({ cmdlet: 'Complete-MigrationBatch' })).toHaveLength(0);
    await shoot(page, 'staged-synced.png');

    // Cut over (complete the migration), approved.
    const beforeCutover = await countCardsWithButton(page, 'Approve');
    await clickForConfirmation(page, BATCH, 'Cut over', 'Yes, cut over', WAIT);
    await clickCardButton(page, 'Yes, cut over');
    await approveNewest(page, beforeCutover);
    await waitForText(page, `${BATCH} is completed`, WAIT);
    expect((await stored())?.state).toBe('Completed');

    // The runbook's MEU step: its conversion file, then checked off.
    await sendMessage(page, `runbook staged --tenant ${TENANT}`);
    const card = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: `Runbook: ${RUNBOOK}` })
      .last();
    await card.waitFor({ state: 'visible', timeout: WAIT });
    await card.getByText('MEU conversion addresses (CSV)').first().waitFor({ timeout: WAIT });
    await shoot(page, 'staged-runbook.png');
    await clickButtonInRow(page, RUNBOOK, MEU_STEP, 'Done', WAIT);
    await expect
      .poll(() => rowText(page, RUNBOOK, MEU_STEP), { timeout: WAIT })
      .toMatch(/Done by Alex Wilber/);
    await shoot(page, 'staged-meu-done.png');
    const audit = await readAll(repos.audit, { pk: `tenant:${TENANT}` });
    expect(audit.some((e) => e.action === 'runbook.check' && e.detail?.includes('convert-to-meu'))).toBe(
      true,
    );
  }

  /** Clicks Approve on the approval card that arrived after `before` cards with an Approve button. */
  async function approveNewest(page: Page, before: number) {
    await expect.poll(() => countCardsWithButton(page, 'Approve'), { timeout: WAIT }).toBeGreaterThan(before);
    await clickButtonOnCard(page, /approv/i, 'Approve', WAIT);
  }
});

/** A picture of the chat as it stands, once the last card has settled. */
async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(750);
  await page.screenshot({ path: path.join(SHOTS, name) });
}
