import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { CallLog } from './calls/call-log';
import { ConnectorLimits } from './connector/rate-limits';
import { deliveryView } from './messaging/delivery-view';
import { FaultController } from './faults/fault-controller';
import { createRequestHandler } from './http/request-handler';
import type { ServerContext } from './http/server-context';
import { MAX_PAGE_SIZE } from './protocol/paging';
import { seedWorld } from './seed/seed-world';
import type { SimulatorHandle, SimulatorOptions } from './simulator-api';
import { SimulatorState } from './state/simulator-state';
import { loadStateFile, saveStateFile } from './state/state-file';

function checkOptions(options: SimulatorOptions): void {
  const { speed, pageSize, extraMailUsers, port, mwzExtraMailboxes, ticketLifetimeSeconds } = options;
  if (mwzExtraMailboxes !== undefined && !(Number.isInteger(mwzExtraMailboxes) && mwzExtraMailboxes >= 0)) {
    throw new RangeError(`mwzExtraMailboxes must be a whole number of 0 or more; got ${mwzExtraMailboxes}`);
  }
  if (
    ticketLifetimeSeconds !== undefined &&
    !(Number.isInteger(ticketLifetimeSeconds) && ticketLifetimeSeconds >= 1)
  ) {
    throw new RangeError(
      `ticketLifetimeSeconds must be a whole number of 1 or more; got ${ticketLifetimeSeconds}`,
    );
  }
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) {
    throw new RangeError(`speed must be a positive number; got ${speed}`);
  }
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${pageSize}`);
  }
  if (extraMailUsers !== undefined && !(Number.isInteger(extraMailUsers) && extraMailUsers >= 0)) {
    throw new RangeError(`extraMailUsers must be a whole number of 0 or more; got ${extraMailUsers}`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`port must be a whole number from 0 to 65535; got ${port}`);
  }
}

/** Starts the Exchange Online stand-in on loopback and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  checkOptions(options);
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const { extraMailUsers, mwzExtraMailboxes, ticketLifetimeSeconds } = options;
  const world = seedWorld({ seed: options.seed, extraMailUsers, mwzExtraMailboxes });
  const state = new SimulatorState(world, options.speed ?? 1, ticketLifetimeSeconds);
  const { stateFile } = options;
  if (stateFile) {
    const saved = loadStateFile(stateFile);
    if (saved) {
      const mwzExtra = saved.mwzExtraMailboxes ?? 0;
      if (
        saved.seed !== world.seed ||
        saved.extraMailUsers !== world.extraMailUsers ||
        mwzExtra !== world.mwzExtraMailboxes
      ) {
        logger.warn(
          { stateFile, savedSeed: saved.seed, seed: world.seed },
          'state file was written with other seed options; its batches may name users this directory lacks',
        );
      }
      state.restore(saved);
      logger.info({ stateFile, batches: saved.batches.length }, 'simulator state loaded');
    }
  }
  const persist = () => {
    if (state.takeDirty() && stateFile) saveStateFile(stateFile, state.toPersisted(now()));
  };
  const faults = new FaultController(state, now, persist);
  const calls = new CallLog();
  const context: ServerContext = {
    state,
    faults,
    calls,
    now,
    pageSizeCap: options.pageSize ?? MAX_PAGE_SIZE,
    logger,
    persist,
    connectorLimits: new ConnectorLimits(),
    connectorNow: options.connectorNow ?? Date.now,
  };
  const server = createServer(createRequestHandler(context));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info(
    { url, speed: state.speed, tenants: world.tenants.map((t) => t.domain) },
    'Exchange Online simulator listening',
  );

  return {
    url,
    calls: (filter) => calls.list(filter),
    clearCalls: () => calls.clear(),
    faults,
    deliveries: (filter = {}) =>
      state.messaging
        .list()
        .map(deliveryView)
        .filter((d) => filter.kind === undefined || d.kind === filter.kind)
        .filter((d) => filter.noticeId === undefined || d.noticeId === filter.noticeId),
    connectorStats: () => context.connectorLimits.stats(),
    stagedPasswordMatches: (tenant, email, candidate) => {
      const found = state.resolveTenant(tenant) ?? state.tenants.find((t) => t.name === tenant.toLowerCase());
      return found !== undefined && state.staged.passwordMatches(found.id, email, candidate);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
