import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The status the proxy answered itself, when it injected a failure. */
  injected?: number;
}

export interface FlakyProxy {
  endpoint: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a test server that answers some requests
 * itself with an error status (`inject` returns it), and records every request.
 */
export async function startFlakyProxy(
  target: string,
  inject: (request: { method: string; path: string }) => number | undefined,
): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const request = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const status = inject(request);
    requests.push({ ...request, injected: status });
    if (status !== undefined) {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '5' });
      res.end(JSON.stringify({ code: String(status), message: 'injected by the test proxy' }));
      return;
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
