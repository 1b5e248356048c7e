import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../services/model/batch';
import type { Stored } from '../../services/store/document-store';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardActions, cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

/** Northwind on InvokeCommand and on Graph migration jobs, both without approvals. */
const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.graph-jobs.json');
const ENGINES = { invoke: 'northwind', graph: 'northwind-graph' } as const;
type Engine = keyof typeof ENGINES;
const NAME = 'Parity1';
const USER_COUNT = 3;

type Card = Record<string, unknown>;
/** What a user sees at one step: each card by what it is. */
type Step = { step: string; cards: Record<string, Card> };

/** Each engine's own detail, kept out of the comparison. */
interface EngineDetail {
  tenantId: string;
  tenantName: string;
  batchId: string;
  /** The engine's name in texts ("Creating the batch in Exchange…"). */
  engineName: string;
}

const TIME = /\d{4}-\d{2}-\d{2}(T[\d:.]+Z| \d{2}:\d{2} UTC)/g;
/** Facts of the engine's own statistics: Graph reports no sizes or item counts, so its card leaves them off. */
const ENGINE_STATISTICS = new Set(['Data', 'Items', 'Skipped items']);

/**
 * The card without what differs by engine: the tenant (id and name), the batch id, the engine's name,
 * times, card versions in button data, the user's workloads section and the facts of the sizes and
 * item counts the engine reports (or leaves off). Everything else (texts, facts, states, counts, buttons) stays.
 */
function withoutEngineDetail(card: unknown, detail: EngineDetail): unknown {
  const text = (value: string) =>
    value
      .split(detail.batchId)
      .join('<batch>')
      .split(detail.tenantName)
      .join('<tenant>')
      .replace(new RegExp(`\\b${detail.tenantId}\\b`, 'g'), '<tenant>')
      .replace(new RegExp(`\\b${detail.engineName}\\b`, 'g'), '<engine>')
      .replace(TIME, '<time>');
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return text(node);
    if (Array.isArray(node))
      return node
        .filter((item) => !isWorkloads(item))
        .filter((item) => !ENGINE_STATISTICS.has(String((item as { title?: unknown })?.title)))
        .map(walk);
    if (!node || typeof node !== 'object') return node;
    const n = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(n)) {
      if (key === 'version' && typeof value === 'number') out[key] = '<version>';
      else out[key] = walk(value);
    }
    return out;
  };
  return walk(card);
}

/** The user card's section of workloads (an engine that moves more than mail). */
function isWorkloads(node: unknown): boolean {
  const items = (node as { type?: string; items?: { text?: string }[] })?.items;
  return (node as { type?: string })?.type === 'Container' && items?.[0]?.text === 'Workloads';
}

describe('the same batch on the InvokeCommand engine and on the Graph engine', () => {
  /** Each engine on its own simulator (the same seeded world), so both move the same users. */
  const stacks = {} as Record<Engine, Stack>;
  let emails: string[];

  beforeAll(async () => {
    for (const engine of Object.keys(ENGINES) as Engine[]) {
      stacks[engine] = await startStack({ speed: 20_000, env: { TENANTS_FILE } });
    }
    emails = await northwindUsers(stacks.invoke.simulator.url, USER_COUNT);
    expect(await northwindUsers(stacks.graph.simulator.url, USER_COUNT)).toEqual(emails);
  });
  afterAll(async () => {
    for (const stack of Object.values(stacks)) await stack?.close();
  });

  /** Runs the batch through create, start, synced, cut over now and completed; the cards at each step. */
  async function walk(engine: Engine): Promise<Step[]> {
    const { bot, connector } = stacks[engine];
    const tenant = ENGINES[engine];
    const batchId = `${tenant}~${NAME.toLowerCase()}`;
    const invoke = async (verb: string, data: unknown): Promise<Card> => {
      const answer = await postActivity(
        bot.url,
        makeInvoke({ verb, data, from: USERS.alex, serviceUrl: connector.url }),
      );
      const body = answer.body as { statusCode: number; value: Card };
      expect(body.statusCode, `${engine} ${verb}`).toBe(200);
      expectValidCard(body.value);
      return body.value;
    };
    const say = async (text: string): Promise<Card> => {
      const mark = connector.calls.length;
      await postActivity(bot.url, makeMessage({ text, from: USERS.alex, serviceUrl: connector.url }));
      const reply = await eventually(
        () =>
          connector.calls
            .slice(mark)
            .find(
              (c) =>
                c.kind === 'reply' &&
                c.body.type === 'message' &&
                Array.isArray(c.body.attachments) &&
                c.body.attachments.length > 0,
            ),
        10_000,
        `${engine}: the card answering ${text.split('\n')[0]}`,
      );
      const card = cardOf(reply.body);
      expectValidCard(card);
      return card;
    };
    const settled = (what: string, check: (b: Batch) => boolean) =>
      eventually(
        async () => {
          const batch = await bot.services.ctx.repos.batches.read(tenant, batchId);
          return batch && !batch.pending && check(batch) ? batch : undefined;
        },
        60_000,
        `${engine}: ${NAME} ${what}`,
      );
    /** Every user in `status` (the sync that follows an action has stored the users). */
    const all = (status: string) => (b: Batch) => b.summary?.counts[status as 'Queued'] === USER_COUNT;
    const shown = async (batch: Stored<Batch>) => ({
      batch: await invoke('batch.refresh', { batchId, version: batch.version }),
      user: await invoke('user.status', { email: emails[0], batchId }),
    });

    const steps: Step[] = [];
    const created = await say(
      `batch create ${NAME} --tenant ${tenant} --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    const createdBatch = await settled('created', (b) => b.state === 'Created' && all('Queued')(b));
    steps.push({ step: 'create', cards: { answer: created, ...(await shown(createdBatch)) } });

    const started = await say(`batch start ${NAME}`);
    steps.push({ step: 'start', cards: { answer: started } });
    const synced = await settled('synced', (b) => b.state === 'Synced' && all('Synced')(b));
    steps.push({ step: 'synced', cards: await shown(synced) });

    const cutover = cardActions(steps.at(-1)!.cards.batch).find((a) => a.verb === 'batch.cutover');
    expect(cutover, `${engine}: a cutover button on the synced card`).toBeDefined();
    const confirmCard = await invoke('batch.cutover', cutover!.data);
    const confirm = cardActions(confirmCard).find((a) => a.verb === 'batch.confirm');
    expect(confirm, `${engine}: a confirm button`).toBeDefined();
    const confirmed = await invoke('batch.confirm', confirm!.data);
    steps.push({ step: 'cutover', cards: { confirm: confirmCard, answer: confirmed } });

    // Completed, and every user's reset notice sent (the card counts them).
    const completed = await settled(
      'completed',
      (b) =>
        b.state === 'Completed' &&
        all('Completed')(b) &&
        (b.notices?.sent ?? 0) + (b.notices?.failed ?? 0) === USER_COUNT,
    );
    steps.push({ step: 'completed', cards: await shown(completed) });
    return steps;
  }

  it('shows the same cards at each step, apart from the engine, the tenant and the times', async () => {
    const detail = async (engine: Engine): Promise<EngineDetail> => {
      const tenant = stacks[engine].bot.tenants.tenants.find((t) => t.id === ENGINES[engine]);
      return {
        tenantId: ENGINES[engine],
        tenantName: tenant!.displayName,
        batchId: `${ENGINES[engine]}~${NAME.toLowerCase()}`,
        engineName: stacks[engine].bot.services.ctx.provider(ENGINES[engine]).displayName,
      };
    };
    const runs = {} as Record<Engine, Step[]>;
    for (const engine of Object.keys(ENGINES) as Engine[]) runs[engine] = await walk(engine);
    const details = { invoke: await detail('invoke'), graph: await detail('graph') };
    expect(details.invoke.engineName).not.toBe(details.graph.engineName);

    expect(runs.graph.map((s) => s.step)).toEqual(runs.invoke.map((s) => s.step));
    runs.invoke.forEach((step, i) => {
      const other = runs.graph[i]!;
      expect(Object.keys(other.cards)).toEqual(Object.keys(step.cards));
      for (const [which, card] of Object.entries(step.cards)) {
        expect(
          withoutEngineDetail(other.cards[which], details.graph),
          `the ${which} card at ${step.step}`,
        ).toEqual(withoutEngineDetail(card, details.invoke));
      }
    });

    // What was compared holds the steps' substance: the states, the counts and the buttons.
    const at = (step: string) => runs.graph.find((s) => s.step === step)!.cards;
    const verbs = (card: Card | undefined) => cardActions(card).map((a) => a.verb);
    expect(verbs(at('create').batch)).toContain('batch.start');
    expect(cardText(at('create').batch)).toMatch(/Users by status\nQueued\n3/);
    expect(verbs(at('synced').batch)).toContain('batch.cutover');
    expect(cardText(at('synced').batch)).toMatch(/Users by status\nSynced\n3/);
    expect(verbs(at('cutover').confirm)).toContain('batch.confirm');
    expect(cardText(at('completed').batch)).toMatch(/Notices: [\s\S]*Users by status\nCompleted\n3/);
    expect(verbs(at('completed').batch)).not.toContain('batch.cutover');

    // What was left out is there, and differs as it should: the Graph user card shows each workload.
    const userText = (engine: Engine) =>
      cardText(runs[engine].find((s) => s.step === 'completed')!.cards.user);
    expect(userText('graph')).toMatch(/Workloads[\s\S]*Exchange[\s\S]*OneDrive/);
    expect(userText('invoke')).not.toMatch(/Workloads/);
    expect(cardText(runs.invoke[0]!.cards.answer)).toMatch(/Creating the batch in Exchange/);
    expect(cardText(runs.graph[0]!.cards.answer)).toMatch(/Creating the batch in Microsoft Graph/);
  }, 180_000);
});
