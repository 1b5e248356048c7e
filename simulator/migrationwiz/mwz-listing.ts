import type { MigrationWizState } from './mwz-state';
import { DATA_TYPES } from './mwz-world';

/**
 * GET /_simulator/migrationwiz: the seeded workgroups with their mailboxes and defects, and how many
 * projects, items and passes exist (no password, no ticket).
 */
export function migrationWizListing(state: MigrationWizState) {
  return {
    workgroups: state.world.workgroups.map((w) => ({
      id: w.id,
      name: w.name,
      organizationId: w.organizationId,
      account: w.account,
      ...(w.sourceUrl ? { sourceUrl: w.sourceUrl } : {}),
      ...(w.targetUrl ? { targetUrl: w.targetUrl } : {}),
      mailboxes: w.pairs.map(({ source, target }) => {
        const mailbox = w.sources.get(source.toLowerCase());
        return {
          source,
          target,
          displayName: mailbox?.displayName,
          items: Object.fromEntries(DATA_TYPES.map((t) => [t, mailbox?.volumes[t].count ?? 0])),
          sizeBytes: DATA_TYPES.reduce((sum, t) => sum + (mailbox?.volumes[t].sizeBytes ?? 0), 0),
          ...(mailbox?.defect ? { defect: mailbox.defect } : {}),
        };
      }),
      projects: state.connectors.filter((c) => c.workgroupId === w.id).length,
    })),
    items: state.items.length,
    passes: state.passes.length,
    faults: state.faults.snapshot(),
  };
}
