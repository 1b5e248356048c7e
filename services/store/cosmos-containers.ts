import type { ContainerDefinition } from '@azure/cosmos';
import type { ContainerName } from './document-store';

/** Every container is partitioned on the port's `pk` field. */
export const PARTITION_KEY_PATH = '/pk';

/**
 * Paths that no query filters or sorts on. Excluding them from the index makes
 * writes cheaper (a batch's summary, an intent's list of up to 2,000 emails, a
 * conversation reference). Everything else keeps the default range index, so a
 * new filter on a top-level field works without a policy change.
 */
const UNQUERIED: Record<ContainerName, string[]> = {
  batches: ['/summary/*', '/card/*', '/cards/*', '/lastError/*', '/createdBy/*'],
  batchUsers: ['/statusSummary/?', '/error/?'],
  intents: ['/create/*', '/requestedBy/*', '/error/?'],
  approvals: ['/decisions/*', '/cards/*', '/requestedBy/*', '/outcome/?'],
  conversations: ['/reference/*'],
  audit: ['/actor/*', '/detail/?'],
  leases: [],
  preflight: ['/users/*', '/checks/*', '/batchFindings/*', '/delegates/*'],
  runbooks: ['/steps/*'],
  notices: ['/reference/*', '/error/?', '/attemptsLog/*'],
  sendBudgets: ['/lastClaim/*'],
  history: ['/samples/*'],
  digests: ['/error/?'],
};

/** The definition `init()` creates a container with (an existing container is left as it is). */
export function containerDefinition(name: ContainerName): ContainerDefinition {
  return {
    id: name,
    partitionKey: { paths: [PARTITION_KEY_PATH] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/"_etag"/?' }, ...UNQUERIED[name].map((path) => ({ path }))],
    },
  };
}
