import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stub received it. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

/** What the stub answers: a status, headers and a body (objects are sent as JSON). */
export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type StubHandler = (request: StubRequest, index: number) => StubReply;

export interface StubServer {
  url: string;
  requests: StubRequest[];
  /** Replaces how the next requests are answered. */
  respond(handler: StubHandler): void;
  /** Answers the next requests with these replies in order; the last one repeats. */
  sequence(...replies: StubReply[]): void;
  close(): Promise<void>;
}

/** Exchange's success shape (§1.4). */
export function okBody(value: unknown[], nextLink?: string): Record<string, unknown> {
  return {
    '@odata.context':
      'https://outlook.office365.com/adminapi/beta/$metadata#Collection(Exchange.GenericHashTable)',
    '@adminapi.warnings': [],
    value,
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  };
}

/** Exchange's error envelope (§1.5). */
export function errorBody(
  code: string,
  detail: string | undefined,
  internal?: string,
): Record<string, unknown> {
  return {
    error: {
      code,
      message: 'Error executing cmdlet',
      details: detail === undefined ? [] : [{ code: 'Client', target: '', message: detail }],
      innererror: {
        message: 'Error executing cmdlet',
        type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
        ...(internal
          ? {
              internalexception: {
                message: internal,
                type: 'Microsoft.Exchange.AdminApi.DirectInvokeCmdletExecutionException',
              },
            }
          : {}),
      },
    },
    '@adminapi.warnings': [],
  };
}

/** A tiny InvokeCommand stand-in on 127.0.0.1 that records every request. */
export async function startStubServer(): Promise<StubServer> {
  const requests: StubRequest[] = [];
  let handler: StubHandler = () => ({ body: okBody([]) });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: StubRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
        at: Date.now(),
      };
      requests.push(request);
      const reply = handler(request, requests.length - 1);
      const isText = typeof reply.body === 'string' || reply.body === undefined;
      const payload =
        reply.body === undefined ? '' : isText ? String(reply.body) : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'Content-Type': isText ? 'text/plain' : 'application/json;odata.metadata=minimal;charset=utf-8',
        ...reply.headers,
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (next) => {
      handler = next;
    },
    sequence: (...replies) => {
      const start = requests.length;
      handler = (_request, index) => replies[Math.min(index - start, replies.length - 1)] ?? {};
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
