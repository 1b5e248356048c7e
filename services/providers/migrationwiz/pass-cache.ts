import type { PassType } from '../migration-provider';
import type { Mailbox, MailboxConnector, MailboxError, MailboxMigration } from './entities';
import { isFinal, type LatestPass, passTypeOf } from './map-status';

/** An item as the engine keeps it. */
export interface CachedItem {
  id: string;
  source: string;
  target: string;
}

/** The MailboxErrors of one pass: how many, and the first one's message. */
interface PassErrors {
  ids: Set<string>;
  firstMessage?: string;
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** Whether pass `a` is newer than pass `b` (CreateDate, then Id). */
function newer(a: MailboxMigration, b: MailboxMigration): boolean {
  const ta = time(a.CreateDate);
  const tb = time(b.CreateDate);
  if (ta !== tb) return ta > tb;
  return (a.Id ?? '') >= (b.Id ?? '');
}

/**
 * What the engine knows of one project between syncs, so that a sync with nothing changed reads only
 * what may have changed: the items (read once, and again only when a pass names an item not known),
 * each item's latest pass, the pass types each item has completed, and the MailboxErrors per pass.
 *
 * The watermark: a pass's CreateDate never changes, so every pass that may still change was created
 * at or after the oldest pass not yet final; when every pass is final, only passes created at or after
 * the newest one seen can be new. MailboxErrors are created while their pass runs, so the same
 * watermark (taken before the read) finds every error not yet seen.
 */
export class ProjectCache {
  readonly connectorId: string;
  connector: MailboxConnector;
  /** By item Id, in the order MigrationWiz listed them; undefined until read. */
  items?: Map<string, CachedItem>;
  /** Whether every pass of the project was read once. */
  passesLoaded = false;
  /** When a sync last completed (ms, the engine's clock). */
  refreshedAt?: number;
  private readonly latestByItem = new Map<string, MailboxMigration>();
  private readonly completedByItem = new Map<string, Set<PassType>>();
  /** The pass types that ran to an end (completed or failed, not stopped) for each item. */
  private readonly finishedByItem = new Map<string, Set<PassType>>();
  private readonly errorsByPass = new Map<string, PassErrors>();
  private newestPass?: MailboxMigration;

  constructor(connector: MailboxConnector) {
    this.connector = connector;
    this.connectorId = connector.Id ?? '';
  }

  setItems(items: readonly Mailbox[]): void {
    this.items = new Map();
    this.addItems(items);
  }

  addItems(items: readonly Mailbox[]): void {
    this.items ??= new Map();
    for (const item of items) {
      if (!item.Id) continue;
      this.items.set(item.Id, {
        id: item.Id,
        source: item.ExportEmailAddress ?? '',
        target: item.ImportEmailAddress ?? '',
      });
    }
  }

  /** The CreateDate (as MigrationWiz wrote it) from which passes and errors are read; undefined: all. */
  watermark(): string | undefined {
    if (!this.passesLoaded) return undefined;
    let oldest: MailboxMigration | undefined;
    for (const pass of this.latestByItem.values()) {
      if (isFinal(pass.Status)) continue;
      if (!oldest || time(pass.CreateDate) < time(oldest.CreateDate)) oldest = pass;
    }
    return (oldest ?? this.newestPass)?.CreateDate;
  }

  /** Takes in passes as read; returns whether one names an item the cache does not know. */
  applyPasses(passes: readonly MailboxMigration[]): boolean {
    let unknownItem = false;
    for (const pass of passes) {
      if (!pass.MailboxId || !pass.Id) continue;
      if (this.items && !this.items.has(pass.MailboxId)) unknownItem = true;
      const current = this.latestByItem.get(pass.MailboxId);
      if (!current || newer(pass, current)) this.latestByItem.set(pass.MailboxId, pass);
      if (
        pass.Status === 'Completed' ||
        pass.Status === 'Failed' ||
        pass.Status === 'MaximumTransferReached'
      ) {
        const finished = this.finishedByItem.get(pass.MailboxId) ?? new Set<PassType>();
        finished.add(passTypeOf(pass));
        this.finishedByItem.set(pass.MailboxId, finished);
      }
      if (pass.Status === 'Completed') {
        const done = this.completedByItem.get(pass.MailboxId) ?? new Set<PassType>();
        done.add(passTypeOf(pass));
        this.completedByItem.set(pass.MailboxId, done);
      }
      if (!this.newestPass || newer(pass, this.newestPass)) this.newestPass = pass;
    }
    return unknownItem;
  }

  applyErrors(errors: readonly MailboxError[]): void {
    for (const error of errors) {
      if (!error.Id || !error.MailboxMigrationId) continue;
      const entry = this.errorsByPass.get(error.MailboxMigrationId) ?? { ids: new Set<string>() };
      if (entry.ids.has(error.Id)) continue;
      entry.ids.add(error.Id);
      entry.firstMessage ??= error.Message;
      this.errorsByPass.set(error.MailboxMigrationId, entry);
    }
  }

  latestPass(itemId: string): MailboxMigration | undefined {
    return this.latestByItem.get(itemId);
  }

  /** The latest pass as the status mapping needs it. */
  latest(itemId: string): LatestPass | undefined {
    const pass = this.latestByItem.get(itemId);
    if (!pass) return undefined;
    return { type: passTypeOf(pass), status: pass.Status ?? '', errorCount: this.errorCount(pass.Id) };
  }

  errorCount(passId: string | undefined): number {
    return passId ? (this.errorsByPass.get(passId)?.ids.size ?? 0) : 0;
  }

  firstError(passId: string | undefined): string | undefined {
    return passId ? this.errorsByPass.get(passId)?.firstMessage : undefined;
  }

  completed(itemId: string): ReadonlySet<PassType> {
    return this.completedByItem.get(itemId) ?? new Set();
  }

  /** The pass types that ran to an end for the item, completed or failed. */
  finished(itemId: string): ReadonlySet<PassType> {
    return this.finishedByItem.get(itemId) ?? new Set();
  }

  itemList(): CachedItem[] {
    return [...(this.items?.values() ?? [])];
  }
}
