import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCosmosStore } from '../../../services/store/cosmos-store';
import type { DocumentStore } from '../../../services/store/document-store';
import { createLocalFileStore } from '../../../services/store/local-file-store';
import { type CosmosTestServer, startCosmosTestServer } from './cosmos-test-server';

/** One backend of the document store, as the contract suite drives it. */
export interface StoreBackend {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new, empty, initialised store. */
  open(): Promise<DocumentStore>;
  /** Another instance over the same data as `store` (initialised). */
  reopen(store: DocumentStore): Promise<DocumentStore>;
  /** `count` instances over one fresh backend that nobody has initialised yet. */
  openShared(count: number): Promise<DocumentStore[]>;
}

/** Tracks what a backend opened so that stop() can close all of it. */
class Opened {
  readonly stores: DocumentStore[] = [];
  readonly cleanups: (() => Promise<void>)[] = [];

  track(store: DocumentStore): DocumentStore {
    this.stores.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((store) => store.close()));
    await Promise.all(this.cleanups.splice(0).map((cleanup) => cleanup()));
  }
}

export function localBackend(): StoreBackend {
  const opened = new Opened();
  const dirs = new Map<DocumentStore, string>();
  const at = (dir: string) => {
    const store = opened.track(createLocalFileStore(dir));
    dirs.set(store, dir);
    return store;
  };
  const freshDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cutover-contract-'));
    opened.cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  return {
    name: 'local file store',
    async start() {},
    stop: () => opened.closeAll(),
    async open() {
      const store = at(await freshDir());
      await store.init();
      return store;
    },
    async reopen(store) {
      const again = at(dirs.get(store) as string);
      await again.init();
      return again;
    },
    async openShared(count) {
      const dir = await freshDir();
      return Array.from({ length: count }, () => at(dir));
    },
  };
}

export function cosmosBackend(): StoreBackend {
  const opened = new Opened();
  const databases = new Map<DocumentStore, { endpoint: string; databaseId: string }>();
  let server: CosmosTestServer | undefined;
  let next = 0;
  const at = (endpoint: string, databaseId: string) => {
    const store = opened.track(createCosmosStore({ endpoint, databaseId, key: 'test-account-key' }));
    databases.set(store, { endpoint, databaseId });
    return store;
  };
  return {
    name: 'cosmos store',
    async start() {
      server = await startCosmosTestServer();
    },
    async stop() {
      await opened.closeAll();
      await server?.close();
    },
    async open() {
      const store = at((server as CosmosTestServer).endpoint, `contract-${++next}`);
      await store.init();
      return store;
    },
    async reopen(store) {
      const { endpoint, databaseId } = databases.get(store) as { endpoint: string; databaseId: string };
      const again = at(endpoint, databaseId);
      await again.init();
      return again;
    },
    async openShared(count) {
      const fresh = await startCosmosTestServer();
      opened.cleanups.push(() => fresh.close());
      return Array.from({ length: count }, () => at(fresh.endpoint, 'shared'));
    },
  };
}
