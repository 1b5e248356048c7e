import type { TenantsFile } from '../../services/config/tenants';
import { parseTenantsFile } from '../../services/config/tenants';
import type { ServiceContext } from '../../services/context';
import type { Approval } from '../../services/model/approval';
import type { Batch, BatchState } from '../../services/model/batch';
import type { UserStatus } from '../../services/model/statuses';
import { TEST_EXCHANGE } from './service-context';

/** A tenants file with `count` customer tenants (`customer-01` …), each with its own operator. */
export function manyTenants(count: number, globalViewer?: string): TenantsFile {
  return parseTenantsFile({
    roles: { admin: ['admin-1'], approver: ['admin-1'], ...(globalViewer ? { viewer: [globalViewer] } : {}) },
    tenants: Array.from({ length: count }, (_, i) => {
      const id = `customer-${String(i + 1).padStart(2, '0')}`;
      return {
        ...TEST_EXCHANGE,
        id,
        displayName: `Customer ${String(i + 1).padStart(2, '0')}`,
        scenarios: ['hybrid'],
        roles: { operator: [`operator-${id}`] },
      };
    }),
  });
}

export interface SeedBatch {
  tenantId: string;
  name: string;
  state: BatchState;
  users?: number;
  counts?: Partial<Record<UserStatus, number>>;
  completeAfter?: string;
}

/** A stored batch as the sync leaves it (a summary with counts and failures). */
export function batchDoc(seed: SeedBatch, now: Date): Batch {
  const users = seed.users ?? 10;
  const counts = seed.counts ?? { Syncing: users };
  const failed = (counts.Failed ?? 0) + (counts.CompletionFailed ?? 0);
  const id = `${seed.tenantId}~${seed.name.toLowerCase()}`;
  return {
    id,
    pk: seed.tenantId,
    type: 'batch',
    tenantId: seed.tenantId,
    name: seed.name,
    nameKey: seed.name.toLowerCase(),
    scenario: 'hybrid',
    version: 1,
    state: seed.state,
    userCount: users,
    ...(seed.completeAfter ? { completeAfter: seed.completeAfter } : {}),
    createdBy: { id: 'admin-1' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    summary: {
      total: users,
      counts,
      percent: 50,
      failureCount: failed,
      failures: [],
      done: counts.Completed ?? 0,
      samples: [],
    },
  };
}

/** A pending approval for a batch, expiring a day after `now`. */
export function approvalDoc(batch: Batch, now: Date, n = 1): Approval {
  return {
    id: `${batch.id}~approval~${n}`,
    pk: batch.id,
    type: 'approval',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    batchVersion: batch.version,
    action: 'cutover',
    requestedBy: { id: 'admin-1' },
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    status: 'pending',
    quorum: 1,
    approvers: ['admin-1'],
    allowSelfApproval: true,
    decisions: [],
    userCount: batch.userCount,
    cards: [],
  };
}

const STATES: BatchState[] = ['Syncing', 'Synced', 'Completed', 'Created', 'SyncedWithErrors', 'Completing'];

/**
 * `tenants` customers with `batchesPerTenant` batches each in a spread of states: every seventh tenant
 * has failed users, every fifth a pending approval, every third a scheduled cutover.
 */
export async function seedPortfolio(
  ctx: ServiceContext,
  options: { tenants: number; batchesPerTenant: number; usersPerBatch?: number },
): Promise<void> {
  const now = ctx.now();
  const users = options.usersPerBatch ?? 200;
  const writes: Promise<unknown>[] = [];
  for (let t = 1; t <= options.tenants; t++) {
    const tenantId = `customer-${String(t).padStart(2, '0')}`;
    for (let b = 1; b <= options.batchesPerTenant; b++) {
      const state = STATES[(t + b) % STATES.length]!;
      const failed = t % 7 === 0 && b === 1 ? 3 : 0;
      const moved = state === 'Completed' ? users - failed : Math.floor(users / 4);
      const counts: Partial<Record<UserStatus, number>> = {
        Completed: moved,
        Syncing: users - moved - failed,
        ...(failed ? { Failed: failed } : {}),
      };
      const completeAfter =
        t % 3 === 0 && b === 2 ? new Date(now.getTime() + (t + 1) * 3_600_000).toISOString() : undefined;
      const batch = batchDoc({ tenantId, name: `Wave${b}`, state, users, counts, completeAfter }, now);
      writes.push(ctx.repos.batches.create(batch));
      if (t % 5 === 0 && b === 1) writes.push(ctx.repos.approvals.create(approvalDoc(batch, now)));
    }
  }
  await Promise.all(writes);
}
