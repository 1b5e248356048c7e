import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdaptiveCard, batchListCard, usersPageCard } from '../../cards';
import { CHROMIUM_PATH } from '../support/playground';

/**
 * Cards drawn by the Adaptive Cards renderer in headless Chromium at the width the Agents Playground
 * gives a card in a 1280-pixel window (about 400 pixels) and at a narrower one, with the Teams host
 * config: nothing may stick out of the card, and no button title may be cut short.
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const PLAYGROUND_CARD_WIDTH = 400;
const NARROW_CARD_WIDTH = 320;

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
});
afterAll(async () => {
  await browser?.close();
});

interface Overflow {
  what: string;
  text: string;
}

/** Renders the card `width` pixels wide and lists what sticks out of it or is cut short. */
async function overflows(card: AdaptiveCard, width: number): Promise<Overflow[]> {
  const page = await browser.newPage({ viewport: { width: width + 40, height: 900 } });
  try {
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${read('node_modules/adaptivecards/dist/adaptivecards.css')}
      body { margin: 0; font-family: 'Segoe UI', sans-serif; } #card { width: ${width}px; margin: 8px; }</style></head>
      <body><div id="card"></div></body></html>`,
    );
    await page.addScriptTag({ content: read('node_modules/adaptivecards/dist/adaptivecards.js') });
    return await page.evaluate(
      ([json, hostConfig]) => {
        interface Renderer {
          hostConfig: unknown;
          parse(json: unknown): void;
          render(): HTMLElement;
        }
        const AC = (
          window as unknown as {
            AdaptiveCards: { AdaptiveCard: new () => Renderer; HostConfig: new (json: unknown) => unknown };
          }
        ).AdaptiveCards;
        const card = new AC.AdaptiveCard();
        card.hostConfig = new AC.HostConfig(JSON.parse(hostConfig));
        card.parse(JSON.parse(json));
        const root = document.getElementById('card') as HTMLElement;
        root.appendChild(card.render());
        const all = (within: HTMLElement, selector: string) =>
          Array.from(within.querySelectorAll(selector)) as HTMLElement[];
        const textOf = (element: HTMLElement) => (element.textContent ?? '').trim().slice(0, 60);
        const edge = root.getBoundingClientRect().right + 0.5;
        const found: { what: string; text: string }[] = [];
        for (const element of all(root, '*')) {
          const box = element.getBoundingClientRect();
          if (box.width > 0 && box.right > edge) found.push({ what: 'past the edge', text: textOf(element) });
        }
        for (const button of all(root, 'button')) {
          if ([button, ...all(button, '*')].some((part) => part.scrollWidth > part.clientWidth + 1))
            found.push({ what: 'cut short', text: textOf(button) });
        }
        for (const block of all(root, '.ac-textBlock')) {
          if (block.scrollWidth > block.clientWidth + 1)
            found.push({ what: 'text cut short', text: textOf(block) });
        }
        return found;
      },
      [JSON.stringify(card), read('schemas/hostconfig/microsoft-teams-light.json')] as const,
    );
  } finally {
    await page.close();
  }
}

const LONG_ADDRESS = 'alexandra.wilber-longname@northwindtraders.onmicrosoft.com';

function usersPage(): AdaptiveCard {
  return usersPageCard({
    batchId: 'northwind~wave1',
    batchName: 'Sales wave 1',
    version: 3,
    page: 2,
    pageCount: 3,
    total: 60,
    users: [
      { email: 'megan.bowen@contoso.onmicrosoft.com', status: 'IncrementalSyncing', percent: 45 },
      {
        email: LONG_ADDRESS,
        status: 'CompletedWithWarnings',
        percent: 100,
        error: 'Target mailbox not found for this user in the target tenant.',
      },
      { email: `${'x'.repeat(64)}@${'y'.repeat(60)}.example.com`, status: 'Failed' },
    ],
  });
}

function batchList(): AdaptiveCard {
  const row = (name: string, state: string, progressPercent: number) => ({
    batchId: name,
    version: 1,
    name,
    tenantName: 'Northwind Traders (from Contoso)',
    scenario: 'cross-tenant',
    state,
    totalUsers: 2000,
    progressPercent,
  });
  return batchListCard({
    batches: [
      row('Sales wave 1', 'SyncedWithErrors', 80),
      row('Finance-and-accounting-wave-2026', 'IncrementalSyncing', 37),
      row('HR', 'CompletedWithErrors', 100),
    ],
  });
}

describe('cards at the Playground width', () => {
  for (const width of [PLAYGROUND_CARD_WIDTH, NARROW_CARD_WIDTH]) {
    it(`the users page shows every address and button whole at ${width} px`, async () => {
      expect(await overflows(usersPage(), width)).toEqual([]);
    });

    it(`the batch list fits at ${width} px`, async () => {
      expect(await overflows(batchList(), width)).toEqual([]);
    });
  }

  it('catches a button squeezed beside wide columns, as the users page had it', async () => {
    const squeezed: AdaptiveCard = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: '6', items: [{ type: 'TextBlock', text: LONG_ADDRESS, wrap: true }] },
            {
              type: 'Column',
              width: '3',
              items: [{ type: 'TextBlock', text: 'IncrementalSyncing', wrap: true }],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [
                {
                  type: 'ActionSet',
                  actions: [{ type: 'Action.Execute', title: 'Details', verb: 'user.status', data: {} }],
                },
              ],
            },
          ],
        },
      ],
    };
    const found = await overflows(squeezed, PLAYGROUND_CARD_WIDTH);
    expect(found).toContainEqual({ what: 'cut short', text: 'Details' });
  });
});
