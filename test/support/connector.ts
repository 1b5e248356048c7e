import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** For replies and updates: the activity id in the URL. */
  activityId?: string;
  kind: 'send' | 'reply' | 'update' | 'other';
  body: Record<string, unknown>;
  /** The id the capture server gave a new activity. */
  createdId?: string;
}

/**
 * A local stand-in for the Bot Connector service: it accepts what the bot
 * sends (replies, proactive sends, updates) and records it for assertions.
 */
export interface ConnectorCapture {
  url: string;
  calls: ConnectorCall[];
  /** When set, each call is recorded, then answered once what this returns has settled. */
  hold?: (call: ConnectorCall) => Promise<void> | undefined;
  close(): Promise<void>;
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
}

export async function startConnectorCapture(): Promise<ConnectorCapture> {
  const calls: ConnectorCall[] = [];
  let capture: ConnectorCapture | undefined;
  let next = 1;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const kind = !match ? 'other' : req.method === 'PUT' ? 'update' : match[2] ? 'reply' : 'send';
      const call: ConnectorCall = {
        method: req.method ?? '',
        path,
        conversationId: match?.[1] ?? '',
        activityId: match?.[2],
        kind,
        body,
      };
      if (kind === 'send' || kind === 'reply') call.createdId = `activity-${next++}`;
      calls.push(call);
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: call.createdId ?? call.activityId ?? 'ok' }));
      };
      const held = capture?.hold?.(call);
      if (held) void held.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  capture = {
    url: `http://127.0.0.1:${port}/`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching connector call within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  return capture;
}
