import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { walkthroughOutputDir } from '../../scripts/walkthrough-output';
import { readAll } from '../../services/store/document-store';
import {
  cardWithButton,
  clickButtonInRow,
  clickButtonOnCard,
  countCardsWithButton,
  rowText,
  textShown,
  keepingFailure,
} from '../support/card-locators';
import { eventually } from '../support/cutover';
import { LITWARE_WORKGROUP, passCalls, passOrder, seededMailboxes } from '../support/migrationwiz-data';
import { sendMessage, waitForText } from '../support/playground';
import { usePlaygroundStack } from '../support/playground-stack';

/**
 * Pictures go to .data/walkthrough/ (git ignores it); WALKTHROUGH_UPDATE_DOCS=1 writes them over the
 * ones docs/playground.md shows.
 */
const SHOTS = walkthroughOutputDir([], process.env);
const BATCH = 'HostedMove';
const TENANT = 'litware';
const TENANT_NAME = 'Litware (hosted Exchange 2016 to 2019)';
const RUNBOOK = 'Hosted Exchange to hosted Exchange';
const MX_STEP = 'Switch the MX record and the Autodiscover CNAME';
const FORWARDING_STEP = 'Where old and new must coexist';
const WAIT = 60_000;

describe('a hosted move in passes (seed 004) in the Agents Playground', () => {
  const stack = usePlaygroundStack();

  it('batch new, verify, pre-stage, MX switch checked off, full pass, retry errors, completed and notices', async () => {
    const { page } = stack.browser;
    await keepingFailure(page, SHOTS, 'hosted-passes', () => walk(page));
  }, 240_000);

  async function walk(page: Page) {
    const repos = stack.bot.services.ctx.repos;
    const batchId = `${TENANT}~${BATCH.toLowerCase()}`;
    const stored = () => repos.batches.read(TENANT, batchId);
    const mailboxes = await seededMailboxes(stack.simulator.url, LITWARE_WORKGROUP);
    const badCredentials = mailboxes.find((m) => m.defect === 'bad-source-credentials')!;
    const moving = mailboxes.filter((m) => m !== badCredentials);
    expect(moving.map((m) => m.defect).filter(Boolean)).toEqual(
      expect.arrayContaining(['item-errors', 'needs-user']),
    );
    for (const m of moving) expect(m.target).toBe(m.source);

    // batch new: Litware's hosted scenario, a name and the mapping CSV (the same address on both sides).
    await sendMessage(page, 'batch new');
    const form = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: 'Create batch' }) })
      .last();
    await form.waitFor({ state: 'visible', timeout: WAIT });
    await form.getByRole('combobox', { name: 'Tenant and scenario' }).click();
    await page.getByRole('option', { name: `${TENANT_NAME} · ${RUNBOOK}` }).click();
    await form.getByLabel('Batch name').fill(BATCH);
    await form
      .getByLabel('Users (CSV)')
      .fill(['SourceEmail,TargetEmail', ...moving.map((m) => `${m.source},${m.target}`)].join('\n'));
    await form.getByRole('button', { name: 'Create batch' }).click();
    await clickButtonOnCard(page, BATCH, 'Verify', WAIT);
    await waitForText(page, 'Pre-stage the older mail while users keep working', WAIT);
    expect((await stored())?.passes?.done).toEqual(['verify']);
    await shoot(page, 'hosted-passes-verify.png');

    // Pre-stage: the tenant's policy asks for an approval first.
    const approvals = await countCardsWithButton(page, 'Approve');
    await clickButtonOnCard(page, BATCH, 'Pre-stage', WAIT);
    await approveNewest(page, approvals);
    await waitForText(page, `${BATCH}: the pre-stage pass is done (${moving.length} users)`, WAIT);
    await waitForText(page, `Next: ${MX_STEP} to the new provider (runbook hosted), then run the full pass`);

    // The runbook: the MX and Autodiscover switch and the forwarding, checked off by hand.
    await sendMessage(page, `runbook hosted --tenant ${TENANT}`);
    await clickButtonInRow(page, RUNBOOK, MX_STEP, 'Done', WAIT);
    await expect
      .poll(() => rowText(page, RUNBOOK, MX_STEP), { timeout: WAIT })
      .toMatch(/Done by Alex Wilber/);
    await clickButtonInRow(page, RUNBOOK, FORWARDING_STEP, 'Done', WAIT);
    await expect
      .poll(() => rowText(page, RUNBOOK, FORWARDING_STEP), { timeout: WAIT })
      .toMatch(/Done by Alex Wilber/);
    await shoot(page, 'hosted-passes-runbook.png');

    // The full pass, approved; the item with errors leaves the batch completed with failures.
    const beforeFull = await countCardsWithButton(page, 'Approve');
    await clickButtonOnCard(page, BATCH, 'Full pass', WAIT);
    await approveNewest(page, beforeFull);
    await waitForText(page, `${BATCH} is completed, with failures`, WAIT);

    // Retry errors (folded under More once the batch card has seven buttons): a repair pass for the item
    // with errors, and the batch is completed.
    await clickButtonOnCard(page, BATCH, 'Retry errors', WAIT, { orUnderMore: true });
    await waitForText(page, 'Done: each user is sent how to get Outlook working again.', WAIT);
    const batch = await eventually(
      async () => {
        const b = await stored();
        return b?.state === 'Completed' && !b.pending ? b : undefined;
      },
      WAIT,
      'the batch to be Completed',
    );

    // The batch card, asked for once more so that it is the newest message: completed, notices sent.
    await sendMessage(page, `batch status ${BATCH}`);
    await waitForText(page, `Superseded: ${BATCH}`, WAIT);
    const card = cardWithButton(page, BATCH, 'Users');
    await expect.poll(() => textShown(card), { timeout: WAIT }).toMatch(`Notices: ${moving.length} sent`);
    const shown = await textShown(card);
    expect(shown).toMatch(/\bCompleted\b/);
    expect(shown).toMatch(/Verify credentials, Pre-stage, Full \(delta\)/);
    expect(shown).not.toMatch(/Retry errors|Full pass/);
    await shoot(page, 'hosted-passes-completed.png');

    // The notices: one per user, listed by the batch's notices command.
    await sendMessage(page, `batch notices ${BATCH}`);
    const list = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: `Notices: ${BATCH}` })
      .last();
    await list.waitFor({ state: 'visible', timeout: WAIT });
    const listed = await textShown(list);
    for (const m of moving) expect(listed).toContain(m.target);
    await shoot(page, 'hosted-passes-notices.png');

    // The engine got one verify, one pre-stage (mail older than 90 days), one full and one repair per item.
    const passes = passCalls(stack.simulator.calls());
    expect(passOrder(passes)).toEqual(['Verification', 'Prestage', 'Full', 'Repair']);
    const items = [...new Set(passes.map((p) => p.item))];
    expect(items).toHaveLength(moving.length);
    for (const type of ['Verification', 'Prestage', 'Full'] as const) {
      const of = passes.filter((p) => p.type === type).map((p) => p.item);
      expect(of, type).toHaveLength(moving.length);
      expect(new Set(of).size, type).toBe(moving.length);
    }
    expect(passes.filter((p) => p.type === 'Repair')).toHaveLength(1);
    for (const p of passes.filter((p) => p.type === 'Prestage')) {
      const days = (Date.now() - Date.parse(p.before!)) / 86_400_000;
      expect(Math.round(days)).toBe(90);
    }

    // Every user is told how to get Outlook working again.
    // A repair is done for the batch only once every item had one, so the batch lists the three passes.
    expect(batch.passes?.done).toEqual(['verify', 'prestage', 'full']);
    const notices = await eventually(
      async () => {
        const all = (await readAll(repos.notices, { pk: batch.id })).filter((n) => n.kind === 'reset');
        return all.length >= moving.length ? all : undefined;
      },
      WAIT,
      'a reset notice for every user',
    );
    expect(notices.map((n) => n.email).sort()).toEqual(moving.map((m) => m.target).sort());
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
