import type { Application } from '@microsoft/teams-ai';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import * as restify from 'restify';
import type { TurnGate } from './turn-gate';
import { hideParserDetail, processAtEdge } from './edge';

/** Largest request body accepted on any route (README, Limits). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface BotServer {
  url: string;
  close(): Promise<void>;
}

/** The HTTP edge: POST /api/messages into the adapter, GET /healthz (liveness) and GET /readyz (readiness). */
export async function startBotServer(deps: {
  adapter: CloudAdapter;
  app: Application;
  host: string;
  port: number;
  log: Logger;
  health?: () => Promise<Record<string, unknown>>;
  /** GET /readyz: whether the parts this instance needs answer (200), or which do not (503). */
  readiness?: () => Promise<{ ready: boolean }>;
  /** More routes (report downloads). */
  routes?: (server: restify.Server) => void;
  /** Correlation, turn spans and the shutdown's 503 for POST /api/messages (bot/turn-gate.ts). */
  gate?: TurnGate;
}): Promise<BotServer> {
  const server = restify.createServer({ name: 'cutover', handleUncaughtExceptions: false });
  // What Teams can send: a message activity is at most about 100 KB; 256 KB leaves room for card
  // invoke payloads and attachment metadata. A larger body is refused with 413 before it is read.
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES }));
  if (deps.gate) server.use(deps.gate.handler);
  // A body that does not parse is refused with a fixed text, not the JSON parser's message.
  server.on('restifyError', hideParserDetail);
  server.post('/api/messages', async (req, res) => {
    await processAtEdge(deps.adapter, req, res, (context) => deps.app.run(context), deps.log);
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', ...(deps.health ? await deps.health() : {}) });
  });
  server.get('/readyz', async (_req, res) => {
    if (!deps.readiness) return res.send(200, { status: 'ready' });
    try {
      const result = await deps.readiness();
      res.send(result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', ...result });
    } catch (error) {
      deps.log.warn({ err: error }, 'readiness check failed');
      res.send(503, { status: 'not ready', ready: false, failing: ['readiness'] });
    }
  });
  deps.routes?.(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const address = server.address();
  const host = deps.host.includes(':') ? `[${deps.host}]` : deps.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  deps.log.info({ url }, 'bot listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold the close open.
        server.server.closeIdleConnections();
      }),
  };
}
