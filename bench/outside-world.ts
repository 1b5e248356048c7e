/**
 * The services around the bot for a benchmark, in their own process as they would be in production:
 * the Exchange/Graph/Bot Connector simulator and a Cosmos DB test server. Prints their addresses as one
 * JSON line, then serves until it is killed.
 *
 *   BENCH_EXTRA_USERS=10000 tsx bench/outside-world.ts
 */
import { startSimulator } from '../simulator';
import { startCosmosTestServer } from '../test/services/store/cosmos-test-server';

async function main(): Promise<void> {
  const simulator = await startSimulator({
    speed: 20_000,
    extraMailUsers: Number(process.env.BENCH_EXTRA_USERS ?? 0),
  });
  const cosmos = await startCosmosTestServer();
  process.stdout.write(
    `${JSON.stringify({ simulatorUrl: simulator.url, cosmosEndpoint: cosmos.endpoint })}\n`,
  );
  const stop = async () => {
    await simulator.close();
    await cosmos.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
