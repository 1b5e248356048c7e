/**
 * One service around the bot for a benchmark, in its own process as it would be in production: the
 * Exchange/Graph/Bot Connector simulator, or a Cosmos DB test server. (Each has its own process: a long
 * store query must not hold up the connector's clock, as it cannot in production.) Prints the address
 * as one JSON line, then serves until it is killed.
 *
 *   BENCH_SERVICE=simulator BENCH_EXTRA_USERS=10000 tsx bench/outside-world.ts
 *   BENCH_SERVICE=cosmos tsx bench/outside-world.ts
 */
import { startSimulator } from '../simulator';
import { startCosmosTestServer } from '../test/services/store/cosmos-test-server';

async function start(): Promise<{ url: string; close(): Promise<void> }> {
  const service = process.env.BENCH_SERVICE;
  if (service === 'simulator') {
    return startSimulator({ speed: 20_000, extraMailUsers: Number(process.env.BENCH_EXTRA_USERS ?? 0) });
  }
  if (service === 'cosmos') {
    const cosmos = await startCosmosTestServer();
    return { url: cosmos.endpoint, close: () => cosmos.close() };
  }
  throw new Error(`BENCH_SERVICE must be simulator or cosmos, not ${service}`);
}

async function main(): Promise<void> {
  const service = await start();
  process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
