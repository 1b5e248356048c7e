import type { Lease } from '../model/lease';
import type { Repositories } from '../store/repositories';
import { createIfAbsent, replaceIfUnchanged, updateDocument } from '../store/update-document';

/**
 * Leases: a named unit of work is held by one owner until `expiresAt`.
 * Taking or renewing is a conditional write, so two instances never both hold it.
 */
export interface LeaseManager {
  acquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  /** Runs `work` while holding the lease; returns undefined when someone else holds it. */
  withLease<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
  /**
   * For a shutdown: takes and renews nothing from now on and hands back every lease still held, so
   * another instance can take the work over at once instead of waiting for the leases to run out.
   */
  releaseAll(): Promise<void>;
}

export function createLeaseManager(
  repos: Repositories,
  options: { owner: string; ttlMs: number; now?: () => number },
): LeaseManager {
  const now = options.now ?? Date.now;
  // Work this instance holds right now: its own lease document cannot tell two local callers apart.
  const held = new Set<string>();
  let closed = false;

  async function take(name: string): Promise<boolean> {
    if (closed) return false;
    const id = `lease:${name}`;
    const current = await repos.leases.read(id, id);
    const lease: Lease = {
      id,
      pk: id,
      type: 'lease',
      owner: options.owner,
      expiresAt: now() + options.ttlMs,
    };
    // One conditional write: losing it to another instance means that instance holds the lease.
    if (!current) return (await createIfAbsent(repos.leases, lease)) !== null;
    if (current.owner !== options.owner && current.expiresAt > now()) return false;
    return (await replaceIfUnchanged(repos.leases, { ...lease, _etag: current._etag })) !== null;
  }

  const manager: LeaseManager = {
    async acquire(name) {
      if (held.has(name)) return false;
      held.add(name);
      try {
        const ok = await take(name);
        if (!ok) held.delete(name);
        return ok;
      } catch (error) {
        held.delete(name);
        throw error;
      }
    },
    async releaseAll() {
      closed = true;
      await Promise.allSettled([...held].map((name) => manager.release(name)));
    },
    async release(name) {
      held.delete(name);
      const id = `lease:${name}`;
      // A renewal that was already on its way may land first: read again and hand back what it wrote.
      await updateDocument(repos.leases, { pk: id, id }, (current) =>
        current.owner !== options.owner || current.expiresAt === 0 ? current : { ...current, expiresAt: 0 },
      );
    },
    async withLease(name, work) {
      if (!(await manager.acquire(name))) return undefined;
      // Renew while the work runs, so a slow Exchange call never outlives the lease.
      let renewing: Promise<unknown> = Promise.resolve();
      const renew = setInterval(
        () => {
          renewing = take(name).catch(() => undefined);
        },
        Math.max(50, Math.floor(options.ttlMs / 3)),
      );
      renew.unref();
      try {
        return await work();
      } finally {
        clearInterval(renew);
        await renewing;
        await manager.release(name);
      }
    },
  };
  return manager;
}
