import { TeamsAdapter } from '@microsoft/teams-ai';
import https from 'node:https';
import { ConfigurationServiceClientCredentialFactory, MemoryStorage, type Storage } from 'botbuilder';
import { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import pino, { type Logger } from 'pino';
import { createServices, type Services } from '../services';
import { loadTenantsFile, type TenantsFile } from '../services/config/tenants';
import { engineUsesEmbedded } from '../services/providers/engine-config';
import type { DocumentStore } from '../services/store/document-store';
import { createStore, credentialFor, type StoreConfig } from '../services/store/store-config';
import { repositories } from '../services/store/repositories';
import { createBotApp } from './app';
import { type BotConfig, DEMO_ENGINE_PASSWORD_VARIABLE, loadConfig } from './config';
import { createNotifier } from './notifier';
import { createExportLinks } from './export-links';
import { exportRoutes } from './export-routes';
import { startBotServer } from './server';
import { botAuthConfig } from './bot-auth';
import { createConversationSender, createNoticeAdapter } from './notice-adapter';
import { createNoticeChannels } from '../services/notices/channels';
import { createNoticeWorker, type NoticeWorker } from '../services/jobs/notice-worker';
import { refreshNoticeSummary } from '../services/notices/summary';
import { checkReadiness } from '../services/readiness';
import { correlationId, withCorrelation } from '../services/correlation';
import { jobId } from '../services/jobs/scheduler';
import { recordNoticesSent, startTelemetry } from '../services/telemetry';
import { createTurnGate } from './turn-gate';
import { supersedeQueueOf } from './supersede-queue';
import { keepConnectorClients } from './connector-clients';
import { createConnectorTransport, proxyConfigured } from './connector-transport';

/**
 * Where teams-ai keeps conversation state. Cutover keeps no domain data there (it lives in the store),
 * so a lost or conflicting save costs nothing. With Cosmos DB it is shared by every instance
 * (CosmosDbPartitionedStorage, container botState); locally it is in memory.
 */
async function botStateStorage(config: BotConfig): Promise<Storage> {
  const store = config.store;
  if (store.kind !== 'cosmos') return new MemoryStorage();
  // CosmosDbPartitionedStorage creates its container on first use and remembers a failure for the life
  // of the object. Its container is made ready with the store's (idempotently, before this runs), so
  // its own create-if-missing only reads it, and instances starting together do not trip over it.
  const storage = cosmosBotState(store);
  await storage.initialize();
  return storage;
}

/** Where teams-ai keeps conversation state with Cosmos DB; botbuilder-azure partitions it on /id. */
const BOT_STATE_CONTAINER = { id: 'botState', partitionKeyPath: '/id' };

function cosmosBotState(store: Extract<StoreConfig, { kind: 'cosmos' }>): CosmosDbPartitionedStorage {
  return new CosmosDbPartitionedStorage({
    cosmosDbEndpoint: store.endpoint,
    databaseId: store.databaseId,
    containerId: BOT_STATE_CONTAINER.id,
    ...(store.auth.kind === 'key'
      ? { authKey: store.auth.key }
      : { tokenCredential: credentialFor(store.auth.managedIdentityClientId) }),
    cosmosClientOptions: {
      // The same client settings as the store: no region discovery on a loopback test server, and a
      // self-signed certificate accepted only when COSMOS_ALLOW_SELF_SIGNED says so.
      connectionPolicy: {
        enableEndpointDiscovery: !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(store.endpoint),
      },
      agent:
        store.allowSelfSigned && store.endpoint.startsWith('https:')
          ? new https.Agent({ rejectUnauthorized: false })
          : undefined,
    },
    compatibilityMode: false,
  });
}

export interface Cutover {
  url: string;
  config: BotConfig;
  tenants: TenantsFile;
  services: Services;
  /** The in-process Exchange simulator's URL, when one was started. */
  simulatorUrl?: string;
  /** Sends the notice outbox (started with the other jobs). */
  notices: NoticeWorker;
  /**
   * The graceful stop (SIGTERM): refuse new turns (503) and let those in flight finish, stop the jobs and
   * hand their leases back, each within its grace period, then close the server and the store and flush
   * the telemetry. Resolves with how long it took and how many turns were cut short.
   */
  shutdown(options?: {
    turnGraceMs?: number;
    jobGraceMs?: number;
  }): Promise<{ ms: number; turnsLeft: number }>;
  close(): Promise<void>;
}

/** Turns in flight get this long to finish on SIGTERM; the jobs as long, at the same time. */
export const SHUTDOWN_GRACE_MS = 8000;

/**
 * The composition root: configuration, store, services and jobs, the Teams
 * adapter and application, and the HTTP server. `npm start` and the tests
 * both start the product through here.
 */
export async function startCutover(
  options: {
    env?: NodeJS.ProcessEnv;
    log?: Logger;
    startJobs?: boolean;
    /** Wraps the store, e.g. to count operations in a benchmark. */
    wrapStore?: (store: DocumentStore) => DocumentStore;
    /** Where the keys that sign inbound tokens are published (Bot Framework's by default). */
    openIdMetadataUrl?: string;
  } = {},
): Promise<Cutover> {
  const config = loadConfig(options.env ?? process.env);
  // Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set; nothing otherwise.
  const telemetry = await startTelemetry(options.env ?? process.env);
  const log =
    options.log ??
    pino(
      {
        level: config.logLevel,
        redact: ['*.MicrosoftAppPassword', '*.token', '*.authorization'],
        // Every line written during a turn or a job names it: the activity id or the job id.
        mixin: () => {
          const id = correlationId();
          return id ? { correlationId: id } : {};
        },
      },
      // Lines go to stdout without holding up the turn that logs them (flushed on exit and on shutdown).
      pino.destination({ dest: 1, sync: false }),
    );
  // The demo tenants' MigrationWiz accounts read their password from a variable like any other tenant;
  // with the demo file (local mode) it defaults to the local simulator's.
  // (The variables a tenants file names are read from the process's environment.)
  const env = config.usesDemoTenants
    ? { [DEMO_ENGINE_PASSWORD_VARIABLE]: 'local-simulator', ...process.env }
    : process.env;
  const tenants = loadTenantsFile(config.tenantsFile, env);

  let simulatorUrl = config.simulator.url;
  let closeSimulator: (() => Promise<void>) | undefined;
  const needsSimulator = tenants.tenants.some(
    (t) => t.connection.endpointUrl === 'embedded' || engineUsesEmbedded(t.engine),
  );
  if (needsSimulator && !simulatorUrl) {
    // Local mode only: the stand-in for Exchange Online runs in this process.
    const { startSimulator } = await import('../simulator');
    const simulator = await startSimulator({
      port: config.simulator.port,
      speed: config.simulator.speed,
      stateFile: `${config.dataDir}/simulator-state.json`,
      logger: log.child({ component: 'simulator' }),
    });
    simulatorUrl = simulator.url;
    closeSimulator = () => simulator.close();
  }

  const store = (options.wrapStore ?? ((s: DocumentStore) => s))(
    createStore(config.store, { alsoEnsure: [BOT_STATE_CONTAINER] }),
  );
  // Every create in init() is idempotent, so instances starting together need no second try.
  await store.init();
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  });
  const adapter = new TeamsAdapter(botAuthConfig(options.openIdMetadataUrl), credentials);
  // One connector client per service URL for every turn, instead of a new one (and its pipeline) each;
  // its replies and card updates go out as plain JSON over kept-alive connections, unless behind a proxy.
  const transport = proxyConfigured(env) ? undefined : createConnectorTransport();
  keepConnectorClients(adapter, transport);
  const botAppId = config.auth.appId ?? '';
  let serverUrl = '';
  const links = createExportLinks({
    secret: config.exports.secret,
    ttlMs: config.exports.ttlMs,
    baseUrl: () => config.exports.publicUrl ?? serverUrl,
  });
  let services: Services | undefined;
  const events = createNotifier({
    adapter,
    botAppId,
    repos: repositories(store),
    tenants,
    log,
    ctx: () => services?.ctx,
    links,
  });
  services = createServices({
    tenants,
    store,
    events,
    log,
    embeddedExchangeUrl: simulatorUrl,
    instanceId: config.instanceId,
    syncIntervalMs: config.syncIntervalMs,
    intentIntervalMs: config.intentIntervalMs,
    leaseTtlMs: config.leaseTtlMs,
    sealingKey: config.stagedPasswordKey,
    env,
  });
  const app = createBotApp({
    adapter,
    botAppId,
    services,
    tenants,
    log,
    storage: await botStateStorage(config),
    links,
  });
  const gate = createTurnGate(log);
  const superseding = supersedeQueueOf({ adapter, botAppId, log });
  const server = await startBotServer({
    adapter,
    app,
    host: config.host,
    port: config.port,
    log,
    gate,
    // A stopping instance is not ready: the load balancer stops sending it traffic.
    readiness: async () =>
      gate.draining()
        ? { ready: false, failing: ['shutting-down'] }
        : checkReadiness({ store, ctx: services.ctx }),
    routes: (http) => exportRoutes(http, { links, ctx: services.ctx, log }),
  });
  serverUrl = server.url;
  const ctx = services.ctx;
  const delivery = createNoticeChannels({
    sender: createConversationSender({
      adapter: createNoticeAdapter({}, credentials),
      botAppId,
      repos: ctx.repos,
      // In local mode the simulator also stands in for the Bot Framework connector.
      serviceUrl: (tenant) =>
        tenant.connection.endpointUrl === 'embedded' && simulatorUrl
          ? `${simulatorUrl}/`
          : tenant.notices.serviceUrl,
      now: () => ctx.now(),
    }),
    graph: (tenantId) => ctx.graphNotices(tenantId),
    log: log.child({ component: 'notices' }),
  });
  const notices = createNoticeWorker(ctx, delivery, {
    instanceId: config.instanceId,
    leaseMs: config.leaseTtlMs,
    // Notices need no sub-second pick-up; polling the outbox less often spares the store.
    idleMs: Math.max(config.intentIntervalMs, 1000),
    // Notices in hand at once: enough to keep sending at Teams' pace while each one's look-ups (Graph,
    // the store) take their time.
    concurrency: 250,
    // One outbox query lists this many candidates: fewer, larger queries cost the store less.
    pageSize: 500,
    onPass: async (result) => {
      recordNoticesSent(result.sent);
      for (const batchId of result.batchIds) await refreshNoticeSummary(ctx, batchId);
    },
  });
  if (options.startJobs !== false) {
    services.jobs.start();
    withCorrelation(jobId('notices', config.instanceId), () => notices.start());
  }
  const within = (ms: number, work: Promise<unknown>) =>
    Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

  return {
    url: server.url,
    config,
    tenants,
    services,
    simulatorUrl,
    notices,
    async shutdown({ turnGraceMs = SHUTDOWN_GRACE_MS, jobGraceMs = SHUTDOWN_GRACE_MS } = {}) {
      const started = Date.now();
      log.info({ turnsInFlight: gate.inFlight() }, 'shutting down: new turns are refused');
      const [turns] = await Promise.all([
        gate.drain(turnGraceMs).then(async (drained) => {
          // Cards the last turns superseded are marked so after those turns answered.
          await within(Math.max(0, turnGraceMs - (Date.now() - started)), superseding.settled());
          return drained;
        }),
        within(jobGraceMs, notices.stop()),
        services.jobs.stop(jobGraceMs),
      ]);
      await within(1000, server.close());
      await store.close();
      transport?.close();
      await closeSimulator?.();
      await within(1000, telemetry.shutdown());
      const ms = Date.now() - started;
      log.info({ ms, turnsLeft: turns.left }, 'stopped');
      log.flush();
      return { ms, turnsLeft: turns.left };
    },
    async close() {
      await server.close();
      await superseding.settled();
      await notices.stop();
      await services.jobs.stop();
      await store.close();
      transport?.close();
      await closeSimulator?.();
      await telemetry.shutdown();
    },
  };
}
