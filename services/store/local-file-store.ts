import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AlreadyExistsError, ConflictError } from '../errors';
import {
  type BaseDoc,
  CONTAINERS,
  type Container,
  type ContainerName,
  type DocumentStore,
  type FieldValue,
  type Page,
  type Query,
  type Stored,
  pageSizeOf,
} from './document-store';

/**
 * A durable single-process store: each container is a JSON file under `dir`,
 * rewritten atomically (temp file, fsync, rename) before a write resolves.
 * Concurrent writes to one container share one flush.
 * Several processes must not share a directory: use Cosmos DB for that.
 */
export function createLocalFileStore(dir: string): DocumentStore {
  const containers = new Map<ContainerName, LocalContainer<BaseDoc>>();
  const store: DocumentStore = {
    container<T extends BaseDoc>(name: ContainerName): Container<T> {
      let container = containers.get(name);
      if (!container) {
        container = new LocalContainer(name, path.join(dir, `${name}.json`));
        containers.set(name, container);
      }
      return container as unknown as Container<T>;
    },
    async init() {
      await mkdir(dir, { recursive: true });
      for (const name of CONTAINERS)
        await (store.container(name) as unknown as LocalContainer<BaseDoc>).load();
    },
    async close() {
      for (const container of containers.values()) await container.flushed();
    },
  };
  return store;
}

class LocalContainer<T extends BaseDoc> implements Container<T> {
  private docs = new Map<string, Stored<T>>();
  private loaded: Promise<void> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly file: string,
  ) {}

  load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const raw = JSON.parse(await readFile(this.file, 'utf8')) as Stored<T>[];
        for (const doc of raw) this.docs.set(key(doc.pk, doc.id), doc);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    })();
    return this.loaded;
  }

  async read(pk: string, id: string): Promise<Stored<T> | null> {
    await this.load();
    const doc = this.docs.get(key(pk, id));
    return doc ? clone(doc) : null;
  }

  async create(doc: T): Promise<Stored<T>> {
    await this.load();
    if (this.docs.has(key(doc.pk, doc.id))) throw new AlreadyExistsError(this.name, doc.id);
    return this.write(doc);
  }

  async replace(doc: Stored<T>): Promise<Stored<T>> {
    await this.load();
    const current = this.docs.get(key(doc.pk, doc.id));
    if (!current || current._etag !== doc._etag) throw new ConflictError(this.name, doc.id);
    return this.write(doc);
  }

  async upsert(doc: T): Promise<Stored<T>> {
    await this.load();
    return this.write(doc);
  }

  async delete(pk: string, id: string, etag?: string): Promise<void> {
    await this.load();
    const current = this.docs.get(key(pk, id));
    if (!current) return;
    if (etag !== undefined && current._etag !== etag) throw new ConflictError(this.name, id);
    this.docs.delete(key(pk, id));
    await this.scheduleFlush();
  }

  async query(query: Query): Promise<Page<Stored<T>>> {
    await this.load();
    let items = [...this.docs.values()].filter((doc) => matches(doc, query));
    const { field, direction = 'asc' } = query.orderBy ?? { field: 'id' };
    items.sort((a, b) => compare(fieldOf(a, field), fieldOf(b, field)) * (direction === 'desc' ? -1 : 1));
    const offset = query.continuation ? Number.parseInt(query.continuation, 10) || 0 : 0;
    const size = pageSizeOf(query);
    const page = items.slice(offset, offset + size).map((doc) => clone(doc));
    items = [];
    const next = offset + size;
    return { items: page, continuation: next < this.countMatching(query) ? String(next) : undefined };
  }

  /** Resolves when every write so far is on disk. */
  flushed(): Promise<void> {
    return this.pending ?? this.flushing;
  }

  private countMatching(query: Query): number {
    let n = 0;
    for (const doc of this.docs.values()) if (matches(doc, query)) n++;
    return n;
  }

  private async write(doc: T): Promise<Stored<T>> {
    const { _etag: _ignored, ...rest } = doc as Stored<T>;
    const stored = { ...clone(rest), _etag: randomUUID() } as Stored<T>;
    this.docs.set(key(doc.pk, doc.id), stored);
    await this.scheduleFlush();
    return clone(stored);
  }

  /** Coalesces writes: at most one flush runs, and one more is queued behind it. */
  private scheduleFlush(): Promise<void> {
    if (this.pending) return this.pending;
    this.pending = this.flushing.then(async () => {
      this.pending = undefined;
      await this.flushNow();
    });
    this.flushing = this.pending.catch(() => undefined);
    return this.pending;
  }

  private async flushNow(): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const text = JSON.stringify([...this.docs.values()]);
    try {
      await writeFile(tmp, text, { flush: true });
    } catch (error) {
      // The folder is made once, when a write finds it missing (not before every write: a status
      // command writes its batch, and the extra call was a measurable part of each turn).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(tmp, text, { flush: true });
    }
    await rename(tmp, this.file);
  }
}

function key(pk: string, id: string): string {
  return `${pk}\u0000${id}`;
}

/**
 * A copy of stored data, so that no caller changes what the store holds. Documents are JSON data (the
 * file holds them as JSON), so objects and arrays are copied field by field: several times faster than
 * structuredClone for the small documents read on every turn. Anything else goes to structuredClone.
 */
function clone<V>(value: V): V {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => clone(item)) as V;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const field in value) {
    if (!Object.hasOwn(value, field)) continue;
    const item = clone((value as Record<string, unknown>)[field]);
    // A field named __proto__ (JSON.parse makes one) stays a field of the copy.
    if (field === '__proto__')
      Object.defineProperty(copy, field, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[field] = item;
  }
  return copy as V;
}

function fieldOf(doc: object, field: string): unknown {
  return (doc as Record<string, unknown>)[field];
}

function matches(doc: BaseDoc, query: Query): boolean {
  if (query.pk !== undefined && doc.pk !== query.pk) return false;
  for (const [field, expected] of Object.entries(query.where ?? {})) {
    const actual = fieldOf(doc, field) as FieldValue | undefined;
    if (Array.isArray(expected)) {
      if (!expected.includes(actual ?? null)) return false;
    } else if ((actual ?? null) !== expected) return false;
  }
  return true;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}
