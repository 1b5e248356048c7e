import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One InvokeCommand request as one instance sent it, with when it left and when its answer came back. */
export interface TappedCall {
  instance: string;
  cmdlet: string;
  /** The batch the call is about: Identity of Get/Start/Complete-MigrationBatch, BatchId of Get-MigrationUser. */
  batch?: string;
  requestId?: string;
  startedAt: number;
  endedAt: number;
  status: number;
}

/**
 * Answers the taps keep from their instance: a request `match` picks out still reaches the simulator
 * and is carried out there, but its answer never comes back (the instance waits until it is killed).
 */
export interface AnswerHold {
  match?: (method: string, path: string) => boolean;
  /** The requests whose answers were kept back, in order. */
  held: { instance: string; method: string; path: string; status: number }[];
}

export interface ExchangeTap {
  /** Give this to the instance as EXCHANGE_SIMULATOR_URL. */
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describe(body: string): { cmdlet: string; batch?: string } {
  try {
    const input = (
      JSON.parse(body) as { CmdletInput?: { CmdletName?: string; Parameters?: Record<string, unknown> } }
    ).CmdletInput;
    const parameters = input?.Parameters ?? {};
    const batch = parameters.BatchId ?? parameters.Identity ?? parameters.Name;
    return { cmdlet: input?.CmdletName ?? '', batch: typeof batch === 'string' ? batch : undefined };
  } catch {
    return { cmdlet: '' };
  }
}

/**
 * A pass-through in front of the Exchange simulator for one instance: every request goes on unchanged,
 * and the tap writes down which instance sent it, about which batch, and when it was in flight. The
 * simulator's own call log cannot tell instances apart; this can.
 */
export async function startExchangeTap(
  targetUrl: string,
  instance: string,
  log: TappedCall[],
  hold?: AnswerHold,
): Promise<ExchangeTap> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const startedAt = Date.now();
      const { cmdlet, batch } = describe(body);
      const requestId = req.headers['client-request-id'];
      fetch(`${targetUrl}${req.url ?? '/'}`, {
        method: req.method,
        headers: forwardHeaders(req.headers),
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      })
        .then(async (response) => {
          const answer = Buffer.from(await response.arrayBuffer());
          const method = req.method ?? 'GET';
          const path = new URL(req.url ?? '/', targetUrl).pathname;
          if (hold?.match?.(method, path)) {
            hold.held.push({ instance, method, path, status: response.status });
            return;
          }
          const headers: Record<string, string> = {};
          response.headers.forEach((value, name) => {
            if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') headers[name] = value;
          });
          res.writeHead(response.status, headers);
          res.end(answer);
          if (cmdlet)
            log.push({
              instance,
              cmdlet,
              batch,
              requestId: typeof requestId === 'string' ? requestId : undefined,
              startedAt,
              endedAt: Date.now(),
              status: response.status,
            });
        })
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`tap: ${(error as Error).message}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
