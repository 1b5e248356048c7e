import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';

export interface CosmosTestServer {
  /** Plain-HTTP endpoint on 127.0.0.1 (the bundled HTTPS certificate has expired). */
  endpoint: string;
  close(): Promise<void>;
}

/** An in-memory Cosmos DB-compatible server in this process, on 127.0.0.1 and a free port. */
export async function startCosmosTestServer(): Promise<CosmosTestServer> {
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
