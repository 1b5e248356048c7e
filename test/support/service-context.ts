import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { TenantsFile } from '../../services/config/tenants';
import type { BatchEvents, ServiceContext } from '../../services/context';
import type { Notice } from '../../services/model/notice';
import type { MigrationProvider } from '../../services/providers/migration-provider';
import { createSealer } from '../../services/secrets/sealed-text';
import { createLocalFileStore } from '../../services/store/local-file-store';
import { repositories } from '../../services/store/repositories';

/** A tenant's Exchange settings for service tests: the embedded simulator, no approvals. */
export const TEST_EXCHANGE = {
  connection: {
    endpointUrl: 'embedded',
    tenant: 'fabrikam.onmicrosoft.com',
    credential: { kind: 'static', token: 'local-simulator' },
  },
  migrationEndpoint: 'Contoso-CrossTenant',
  targetDeliveryDomain: 'northwindtraders.onmicrosoft.com',
  approval: { actions: [] },
};

/**
 * A ServiceContext over a fresh local file store in a temporary directory, for service tests: no
 * Exchange provider unless one is given, no Graph, silent logs; events do nothing except record the
 * notices whose users asked for help.
 */
export async function testServiceContext(options: {
  tenants: TenantsFile;
  now: () => Date;
  provider?: MigrationProvider;
  dirPrefix?: string;
}): Promise<{ ctx: ServiceContext; helped: Notice[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), options.dirPrefix ?? 'cutover-services-'));
  const store = createLocalFileStore(dir);
  await store.init();
  const helped: Notice[] = [];
  const events: BatchEvents = {
    async batchChanged() {},
    async milestone() {},
    async approvalChanged() {},
    async preflightFinished() {},
    async helpRequested(notice) {
      helped.push(notice);
    },
  };
  const { tenants } = options;
  const ctx: ServiceContext = {
    repos: repositories(store),
    tenants,
    tenant: (id) => tenants.tenants.find((t) => t.id === id),
    provider: () => {
      if (!options.provider) throw new Error('no provider in this test');
      return options.provider;
    },
    directory: () => undefined,
    graph: () => undefined,
    graphNotices: () => undefined,
    events,
    now: options.now,
    log: pino({ level: 'silent' }),
    sealer: createSealer(),
    kick() {},
  };
  return { ctx, helped };
}
