import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

/** A tiny SOAP server for the transport's tests: answers each request as the test says. */

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'Entity' || name === 'Filter' || name === 'Sort',
});

export interface StubRequest {
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  /** The `request` element, parsed (`@_type` is its xsi:type). */
  request: Record<string, unknown>;
  type: string;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SoapStub {
  url: string;
  requests: StubRequest[];
  respond(handler: (request: StubRequest, index: number) => StubReply): void;
  close(): Promise<void>;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>';
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

export function resultXml(type: string, inner: string): string {
  return `${ENVELOPE_OPEN}<ExecuteResponse xmlns="http://www.bittitan.com/migrationwiz/api/2.0/"><ExecuteResult xsi:type="${type}">${inner}</ExecuteResult></ExecuteResponse>${ENVELOPE_CLOSE}`;
}

export function ticketReply(value: string, expires: Date): StubReply {
  return {
    body: resultXml(
      'AuthenticateResponse',
      `<Ticket><Value>${value}</Value><ExpirationDate>${expires.toISOString()}</ExpirationDate><WorkgroupId>wg</WorkgroupId></Ticket>`,
    ),
  };
}

export function entitiesReply(type: string, entities: string[]): StubReply {
  return { body: resultXml(type, `<Entities>${entities.join('')}</Entities>`) };
}

export function faultReply(
  code: string,
  message: string,
  options: { status?: number; retryAfter?: string; faultCode?: string } = {},
): StubReply {
  const server = code === 'Throttled' || code === 'ServerBusy';
  return {
    status: options.status ?? (server ? 503 : 500),
    headers: options.retryAfter ? { 'Retry-After': options.retryAfter } : {},
    body: `${ENVELOPE_OPEN}<soap:Fault><faultcode>${options.faultCode ?? (server ? 'soap:Server' : 'soap:Client')}</faultcode><faultstring>${message}</faultstring><detail><ErrorCode>${code}</ErrorCode></detail></soap:Fault>${ENVELOPE_CLOSE}`,
  };
}

export async function startSoapStub(): Promise<SoapStub> {
  let handler: (request: StubRequest, index: number) => StubReply = () => ({
    status: 500,
    body: 'no handler',
  });
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const doc = parser.parse(text) as {
        Envelope?: { Body?: { Execute?: { request?: Record<string, unknown> } } };
      };
      const request = doc.Envelope?.Body?.Execute?.request ?? {};
      const entry: StubRequest = {
        path: req.url ?? '',
        headers: req.headers,
        text,
        request,
        type: String(request['@_type'] ?? ''),
      };
      requests.push(entry);
      const reply = handler(entry, requests.length - 1);
      res.writeHead(reply.status ?? 200, { 'Content-Type': 'text/xml; charset=utf-8', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/API/2.0/WebService.asmx`,
    requests,
    respond: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
