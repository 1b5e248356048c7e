import { MwzFaults } from './mwz-faults';
import type { MwzConnector, MwzItem, MwzItemError, MwzPass, PersistedMigrationWiz } from './mwz-schema';
import type { MwzSourceMailbox, MwzWorkgroup, MwzWorld } from './mwz-world';
import { advanceProject, type PassWorld, supplyCredentials } from './pass-engine';
import { Tickets } from './tickets';

/** The MigrationWiz stand-in's data: the seeded world plus the projects, items, passes and errors. */
export class MigrationWizState implements PassWorld {
  connectors: MwzConnector[] = [];
  items: MwzItem[] = [];
  passes: MwzPass[] = [];
  errors: MwzItemError[] = [];
  readonly faults = new MwzFaults();
  readonly tickets: Tickets;
  /** Called after every change (the simulator marks its state dirty). */
  onChange: () => void = () => {};

  constructor(
    readonly world: MwzWorld,
    readonly speed: number,
    ticketLifetimeSeconds: number,
  ) {
    this.tickets = new Tickets(ticketLifetimeSeconds * 1000);
  }

  workgroup(id: string): MwzWorkgroup | undefined {
    const wanted = id.toLowerCase();
    return this.world.workgroups.find((w) => w.id === wanted);
  }

  item(id: string): MwzItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  source(workgroup: MwzWorkgroup, address: string): MwzSourceMailbox | undefined {
    return workgroup.sources.get(address.toLowerCase());
  }

  recordError(error: MwzItemError): void {
    this.errors.push(error);
  }

  /** Plays every project forward to `now`. */
  advance(now: number): void {
    const byConnector = new Map<string, MwzPass[]>();
    for (const pass of this.passes) {
      const list = byConnector.get(pass.connectorId);
      if (list) list.push(pass);
      else byConnector.set(pass.connectorId, [pass]);
    }
    let changed = false;
    for (const connector of this.connectors) {
      const workgroup = this.workgroup(connector.workgroupId);
      const passes = byConnector.get(connector.id);
      if (workgroup && passes && advanceProject(connector, workgroup, passes, now, this)) changed = true;
    }
    if (changed) this.onChange();
  }

  /**
   * The user of this source address supplies their credentials: every item moving it stops waiting.
   * Returns how many items it affected.
   */
  userSuppliesCredentials(email: string, now: number): number {
    this.advance(now);
    const wanted = email.trim().toLowerCase();
    const items = this.items.filter(
      (i) => i.exportEmailAddress.toLowerCase() === wanted || i.importEmailAddress.toLowerCase() === wanted,
    );
    for (const item of items) supplyCredentials(item, this.passes, now);
    this.advance(now);
    if (items.length > 0) this.onChange();
    return items.length;
  }

  deleteConnectors(ids: Set<string>): void {
    const itemIds = new Set(this.items.filter((i) => ids.has(i.connectorId)).map((i) => i.id));
    this.connectors = this.connectors.filter((c) => !ids.has(c.id));
    this.deleteItems(itemIds);
  }

  deleteItems(ids: Set<string>): void {
    this.items = this.items.filter((i) => !ids.has(i.id));
    this.passes = this.passes.filter((p) => !ids.has(p.mailboxId));
    this.errors = this.errors.filter((e) => !ids.has(e.mailboxId));
    this.onChange();
  }

  toPersisted(): PersistedMigrationWiz {
    return { connectors: this.connectors, items: this.items, passes: this.passes, errors: this.errors };
  }

  restore(saved: PersistedMigrationWiz): void {
    this.connectors = saved.connectors;
    this.items = saved.items;
    this.passes = saved.passes;
    this.errors = saved.errors;
  }
}
