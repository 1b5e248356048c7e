import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../services/store/repositories';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';
import { noRoleActor, realActivities, requestBody, roleActor, type Targets } from './arbitraries';

/**
 * 10,000 random and mutated activities and card payloads against the real bot over HTTP: half from
 * callers with no role (nothing they send may change the store), half from anyone (including raw JSON
 * that is no activity). No answer may be a 5xx, the process must not crash, and /healthz must keep
 * answering. FUZZ_SEED replays a run; FUZZ_RUNS changes the count.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 24;

/** The containers that hold what Cutover does; conversations (where the bot may write) and job leases are not. */
const DOMAIN = [
  'batches',
  'batchUsers',
  'intents',
  'approvals',
  'audit',
  'preflight',
  'runbooks',
  'notices',
] as const;

async function snapshot(repos: Repositories): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of DOMAIN) {
    const docs: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await repos[name].query({ pageSize: 1000, continuation });
      for (const doc of page.items) docs.push(JSON.stringify(doc));
      continuation = page.continuation;
    } while (continuation);
    out[name] = docs.sort();
  }
  return out;
}

interface Outcome {
  index: number;
  status: number;
  body: string;
}

async function fire(url: string, bodies: string[], onEach?: (o: Outcome) => void): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= bodies.length) return;
      let status = 0;
      try {
        const response = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[index],
          signal: AbortSignal.timeout(15_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = -1; // no answer at all: the connection broke or the request hung
      }
      const outcome = { index, status, body: bodies[index]!.slice(0, 300) };
      outcomes.push(outcome);
      onEach?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

describe('fuzz: random and mutated activities and card payloads over HTTP', () => {
  let stack: Stack;
  let targets: Targets;
  const health: { at: number; status: number; ms: number }[] = [];
  let polling = true;
  let poller: Promise<void> | undefined;

  beforeAll(async () => {
    stack = await startStack({ speed: 5_000 });
    const { bot, connector, simulator } = stack;
    const repos = bot.services.ctx.repos;
    // Something real to aim at: a created batch with a pending start approval (northwind gates start).
    const csv = ['EmailAddress', ...(await northwindUsers(simulator.url, 3))].join('\n');
    await postActivity(
      bot.url,
      makeMessage({
        text: `batch create Fuzz --tenant northwind --scenario cross-tenant\n${csv}`,
        from: USERS.alex,
        serviceUrl: connector.url,
      }),
    );
    const batch = await eventually(
      async () => {
        const b = await repos.batches.read('northwind', 'northwind~fuzz');
        return b?.state === 'Created' ? b : undefined;
      },
      20_000,
      'the batch to be created',
    );
    await postActivity(
      bot.url,
      makeMessage({ text: 'batch start Fuzz', from: USERS.alex, serviceUrl: connector.url }),
    );
    const approval = await eventually(
      async () => (await repos.approvals.query({ pk: batch.id })).items[0],
      10_000,
      'the start approval',
    );
    // The jobs would change batches on their own (sync, intents); stopped, every change comes from a request.
    await bot.services.jobs.stop();
    await bot.notices.stop();
    targets = {
      batchIds: [batch.id, 'northwind~nope', 'fabrikam~fuzz'],
      approvalIds: [approval.id, 'approval-guess'],
      tenantIds: bot.tenants.tenants.map((t) => t.id),
      batchNames: ['Fuzz', 'fuzz', 'Nope'],
    };
    poller = (async () => {
      while (polling) {
        const started = Date.now();
        let status = -1;
        try {
          status = (await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status;
        } catch {}
        health.push({ at: started, status, ms: Date.now() - started });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
  }, 120_000);

  afterAll(async () => {
    polling = false;
    await poller;
    await stack?.close();
  });

  /** What the capture recorded is not needed here; dropping it keeps the heap (and GC pauses) small. */
  const dropCaptured = (o: Outcome) => {
    if (o.index % 500 === 0) stack.connector.calls.splice(0);
  };
  const started = Date.now();
  function report(phase: string, outcomes: Outcome[]) {
    const byStatus: Record<number, number> = {};
    for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `fuzz (${phase}): ${outcomes.length} requests, by status ${JSON.stringify(byStatus)}, ${seconds} s in`,
    );
  }

  const bases = () => {
    const url = stack.connector.url;
    return realActivities().map((a) => ({ ...a, serviceUrl: url }));
  };

  it('callers with no role: no 5xx and nothing in the store changes', async () => {
    const repos = stack.bot.services.ctx.repos;
    const bodies = fc.sample(requestBody(bases(), targets, noRoleActor, stack.connector.url, false), {
      numRuns: Math.floor(RUNS / 2),
      seed: SEED,
    });
    const before = await snapshot(repos);
    const outcomes = await fire(stack.bot.url, bodies, dropCaptured);
    const after = await snapshot(repos);
    report('no role', outcomes);

    const faults = outcomes.filter((o) => o.status >= 500 || o.status < 0);
    for (const f of faults.slice(0, 3)) console.log('FAULT', bodies[f.index]!.slice(0, 3000));
    expect(faults.slice(0, 5), `seed ${SEED}: ${faults.length} requests answered 5xx or not at all`).toEqual(
      [],
    );
    for (const name of DOMAIN) {
      const added = after[name]!.filter((d) => !before[name]!.includes(d));
      const removed = before[name]!.filter((d) => !after[name]!.includes(d));
      expect({ name, added: added.slice(0, 3), removed: removed.slice(0, 3) }, `seed ${SEED}`).toEqual({
        name,
        added: [],
        removed: [],
      });
    }
    expect(outcomes).toHaveLength(bodies.length);
  }, 120_000);

  it('anyone, including bodies that are not activities: no 5xx, no crash, /healthz answering', async () => {
    const bodies = fc.sample(
      requestBody(bases(), targets, fc.oneof(roleActor, noRoleActor), stack.connector.url, true),
      { numRuns: RUNS - Math.floor(RUNS / 2), seed: SEED + 1 },
    );
    const outcomes = await fire(stack.bot.url, bodies, dropCaptured);
    report('anyone', outcomes);
    const faults = outcomes.filter((o) => o.status >= 500 || o.status < 0);
    for (const f of faults.slice(0, 3)) console.log('FAULT', bodies[f.index]!.slice(0, 3000));
    expect(
      faults.slice(0, 5),
      `seed ${SEED + 1}: ${faults.length} requests answered 5xx or not at all`,
    ).toEqual([]);
    expect(outcomes).toHaveLength(bodies.length);

    // /healthz answered throughout both runs, every time (a check gives up after 5 s).
    expect(health.length).toBeGreaterThan(20);
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    const slowest = Math.max(...health.map((h) => h.ms));
    console.log(`fuzz: /healthz checked ${health.length} times, slowest answer ${slowest} ms`);
    expect((await fetch(`${stack.bot.url}/healthz`)).status).toBe(200);
    // The bot still does its work after the storm.
    const before = stack.connector.calls.length;
    await postActivity(stack.bot.url, makeMessage({ text: 'help', serviceUrl: stack.connector.url }));
    await eventually(
      () => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'),
      10_000,
      'help',
    );
  }, 120_000);
});
