import { randomUUID } from 'node:crypto';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import type { DocumentStore } from '../../services/store/document-store';
import { type Repositories, repositories } from '../../services/store/repositories';
import { createStore } from '../../services/store/store-config';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { startConnectorCapture } from '../support/connector';
import { type CosmosTestServer, startCosmosTestServer } from '../services/store/cosmos-test-server';
import { type AnswerHold, type ExchangeTap, startExchangeTap, type TappedCall } from './exchange-tap';
import { type BotProcess, startBotProcess, stopAllBotProcesses } from './start-bot-process';

/** Job timings for several instances: fast polling and a short lease, so a takeover is quick to see. */
export const MULTI_JOBS = {
  SYNC_INTERVAL_SECONDS: '0.25',
  INTENT_INTERVAL_SECONDS: '0.2',
  LEASE_SECONDS: '2',
};

const COSMOS_KEY = 'test-account-key';

export interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: Record<string, unknown> & { message?: string; code?: string };
}

export interface Cluster {
  simulator: SimulatorHandle;
  connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  cosmosEndpoint: string;
  databaseId: string;
  /** The test's own view of the shared store (the same Cosmos DB database the instances use). */
  repos: Repositories;
  /** Every InvokeCommand request, by instance, with its time in flight. */
  tapped: TappedCall[];
  /** Answers every instance's tap keeps back (set `match` to hold some). */
  hold: AnswerHold;
  /** Starts one instance with its own tap in front of the simulator; INSTANCE_ID is `id`. */
  start(id: string, env?: Record<string, string>): Promise<BotProcess>;
  say(bot: BotProcess, text: string, from?: DemoUser): Promise<{ status: number; body: unknown }>;
  invoke(bot: BotProcess, verb: string, data: unknown, from?: DemoUser): Promise<InvokeAnswer>;
  /** Kills every instance still running, then closes the taps, the store client and the servers. */
  close(): Promise<void>;
}

/** One Cosmos DB test server, one Exchange simulator and one Bot Connector stand-in for several instances. */
export async function startCluster(
  options: { speed?: number; tenantsFile?: string; extraMailUsers?: number; mwzExtraMailboxes?: number } = {},
): Promise<Cluster> {
  const cosmos: CosmosTestServer = await startCosmosTestServer();
  const simulator = await startSimulator({
    speed: options.speed ?? 20_000,
    extraMailUsers: options.extraMailUsers,
    mwzExtraMailboxes: options.mwzExtraMailboxes,
  });
  const connector = await startConnectorCapture();
  const databaseId = `multi-${randomUUID()}`;
  const store: DocumentStore = createStore({
    kind: 'cosmos',
    endpoint: cosmos.endpoint,
    databaseId,
    auth: { kind: 'key', key: COSMOS_KEY },
    allowSelfSigned: true,
  });
  await store.init();
  const tapped: TappedCall[] = [];
  const hold: AnswerHold = { held: [] };
  const taps: ExchangeTap[] = [];
  const bots: BotProcess[] = [];
  let firstTurns: Promise<void> = Promise.resolve();
  const firstTurn = async (bot: BotProcess) => {
    const answer = await postActivity(
      bot.url,
      makeMessage({
        text: 'help',
        serviceUrl: connector.url,
        conversationId: `first-turn-${bot.instanceId}`,
      }),
    );
    if (answer.status !== 200)
      throw new Error(`${bot.instanceId} answered its first turn with ${answer.status}`);
  };

  const cluster: Cluster = {
    simulator,
    connector,
    cosmosEndpoint: cosmos.endpoint,
    databaseId,
    repos: repositories(store),
    tapped,
    hold,
    async start(id, env = {}) {
      const tap = await startExchangeTap(simulator.url, id, tapped, hold);
      taps.push(tap);
      const bot = await startBotProcess({
        EXCHANGE_SIMULATOR_URL: tap.url,
        STORE: 'cosmos',
        COSMOS_ENDPOINT: cosmos.endpoint,
        COSMOS_KEY,
        COSMOS_DATABASE: databaseId,
        COSMOS_ALLOW_SELF_SIGNED: 'true',
        INSTANCE_ID: id,
        ...MULTI_JOBS,
        ...(options.tenantsFile ? { TENANTS_FILE: options.tenantsFile } : {}),
        ...env,
      });
      bots.push(bot);
      // An instance's first turn creates the botState container when it is missing, and the Bot
      // Framework's Cosmos DB storage keeps a failed creation for the life of the process: instances
      // take their first turn one at a time.
      firstTurns = firstTurns.then(() => firstTurn(bot));
      await firstTurns;
      return bot;
    },
    say: (bot, text, from = USERS.alex) =>
      postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url })),
    async invoke(bot, verb, data, from = USERS.alex) {
      const answer = await postActivity(bot.url, makeInvoke({ verb, data, from, serviceUrl: connector.url }));
      return answer.body as InvokeAnswer;
    },
    async close() {
      await stopAllBotProcesses();
      for (const tap of taps) await tap.close();
      await store.close();
      await connector.close();
      await simulator.close();
      await cosmos.close();
    },
  };
  return cluster;
}
