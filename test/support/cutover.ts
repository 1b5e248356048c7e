import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type Cutover, startCutover } from '../../bot/runtime';

/** Fast job timings for tests; everything else as in production. */
export const FAST_JOBS = {
  SYNC_INTERVAL_SECONDS: '0.25',
  INTENT_INTERVAL_SECONDS: '0.2',
  LEASE_SECONDS: '5',
};

export async function tempDir(prefix = 'cutover-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Starts the real product (HTTP server, teams-ai app, jobs) against a given Exchange URL. */
export async function startTestCutover(options: {
  exchangeUrl: string;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<Cutover & { dataDir: string }> {
  const dataDir = options.dataDir ?? (await tempDir());
  const cutover = await startCutover({
    env: {
      PORT: '0',
      EXCHANGE_SIMULATOR_PORT: '0',
      DATA_DIR: dataDir,
      EXCHANGE_SIMULATOR_URL: options.exchangeUrl,
      LOG_LEVEL: 'silent',
      ...FAST_JOBS,
      ...options.env,
    },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  return Object.assign(cutover, { dataDir });
}

/** Polls until the check returns a value (not undefined/false), or fails after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first Adaptive Card attached to an activity sent by the bot. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity.attachments as
    | { contentType: string; content: Record<string, unknown> }[]
    | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`activity has no Adaptive Card: ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** All text shown on a card, for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (
          (key === 'text' || key === 'title' || key === 'value' || key === 'placeholder') &&
          typeof value === 'string'
        )
          out.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** Every Action.Execute on a card (nested show-cards included). */
export function cardActions(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute')
        out.push({
          title: String(n.title),
          verb: String(n.verb),
          data: (n.data ?? {}) as Record<string, unknown>,
        });
      for (const value of Object.values(n)) walk(value);
    }
  };
  walk(card);
  return out;
}

/** The newest approval card the bot sent (posted or updated), with its Approve/Reject data. */
export function latestApprovalCard(calls: { kind: string; body: Record<string, unknown> }[]) {
  for (const call of [...calls].reverse()) {
    if (call.kind === 'other') continue;
    const attachments = call.body.attachments as { content: Record<string, unknown> }[] | undefined;
    const card = attachments?.[0]?.content;
    if (!card) continue;
    const approve = cardActions(card).find((a) => a.verb === 'approval.approve');
    if (approve)
      return {
        card,
        approve: approve.data,
        reject: cardActions(card).find((a) => a.verb === 'approval.reject')?.data,
      };
  }
  return undefined;
}
