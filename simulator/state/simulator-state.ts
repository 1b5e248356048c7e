import { advanceBatch } from '../engine/advance-batch';
import type { EngineEnv } from '../engine/engine-env';
import { GraphJobStore } from '../graph/migration-jobs/job-store';
import { MessagingStore } from '../messaging/messaging-store';
import { MigrationWizState } from '../migrationwiz/mwz-state';
import type { Tenant, World } from '../seed/world-types';
import { StagedOrgState } from '../staged/staged-org-state';
import type { MigrationBatch, MigrationUser, PersistedState, UserFault } from './state-schema';

export interface UserMatch {
  batch: MigrationBatch;
  user: MigrationUser;
}

/** The simulated organisations: the seeded directory plus the batches, users and faults that change. */
export class SimulatorState {
  readonly tenants: readonly Tenant[];
  private batches: MigrationBatch[] = [];
  private readonly userFaults = new Map<string, UserFault>();
  /** Endpoint names (lower-cased) whose remote side does not answer; not kept in the state file. */
  private readonly downEndpoints = new Set<string>();
  private dirty = false;
  /** App installations, chats, delivered Teams activities and sent mails. */
  readonly messaging = new MessagingStore();
  /** The MigrationWiz stand-in's projects, items and passes. */
  readonly migrationWiz: MigrationWizState;
  /** Microsoft Graph's cross-tenant migration jobs. */
  readonly graphJobs: GraphJobStore;
  /** Staged migrations: converted MEUs, directory synchronization faults, the CSV's passwords (hashed). */
  readonly staged = new StagedOrgState();

  constructor(
    readonly world: World,
    readonly speed: number,
    ticketLifetimeSeconds = 3600,
  ) {
    this.tenants = world.tenants;
    this.messaging.onChange = () => this.markDirty();
    this.migrationWiz = new MigrationWizState(world.migrationWiz, speed, ticketLifetimeSeconds);
    this.migrationWiz.onChange = () => this.markDirty();
    this.graphJobs = new GraphJobStore(() => this.env);
    this.graphJobs.onChange = () => this.markDirty();
    this.staged.onChange = () => this.markDirty();
  }

  /** Finds a tenant by GUID, `<name>.onmicrosoft.com` or any accepted domain (case-insensitive). */
  resolveTenant(segment: string): Tenant | undefined {
    let wanted: string;
    try {
      wanted = decodeURIComponent(segment).toLowerCase();
    } catch {
      return undefined; // a malformed escape names no tenant
    }
    return this.tenants.find(
      (t) => t.id === wanted || t.domain === wanted || t.acceptedDomains.includes(wanted),
    );
  }

  get env(): EngineEnv {
    return { speed: this.speed, faultFor: (email) => this.userFaults.get(email.toLowerCase()) };
  }

  /** Plays every batch of the tenant forward to `now`. */
  advanceTenant(tenantId: string, now: number): void {
    for (const batch of this.batchesOf(tenantId)) {
      if (advanceBatch(batch, now, this.env)) this.dirty = true;
    }
  }

  advanceAll(now: number): void {
    for (const tenant of this.tenants) this.advanceTenant(tenant.id, now);
    this.graphJobs.advance(now);
  }

  batchesOf(tenantId: string): MigrationBatch[] {
    return this.batches.filter((b) => b.tenantId === tenantId);
  }

  /** A batch by name (case-insensitive) or by its GUID. */
  findBatch(tenantId: string, identity: string): MigrationBatch | undefined {
    const wanted = identity.toLowerCase();
    return this.batchesOf(tenantId).find((b) => b.name.toLowerCase() === wanted || b.guid === wanted);
  }

  findUser(tenantId: string, email: string): UserMatch | undefined {
    const wanted = email.toLowerCase();
    for (const batch of this.batchesOf(tenantId)) {
      const user = batch.users.find((u) => u.email.toLowerCase() === wanted);
      if (user) return { batch, user };
    }
    return undefined;
  }

  /** Every user of the tenant, in batch creation order then CSV order (a stable order for paging). */
  usersOf(tenantId: string): UserMatch[] {
    return this.batchesOf(tenantId).flatMap((batch) => batch.users.map((user) => ({ batch, user })));
  }

  addBatch(batch: MigrationBatch): void {
    this.batches.push(batch);
    this.dirty = true;
  }

  removeBatch(batch: MigrationBatch): void {
    // A staged batch's converted MEUs stay mailboxes after the batch is gone.
    for (const user of batch.users) {
      if (user.provisionedAt != null)
        this.staged.recordConversion(batch.tenantId, user.email, user.provisionedAt);
    }
    this.batches = this.batches.filter((b) => b !== batch);
    this.dirty = true;
  }

  setUserFault(fault: UserFault): void {
    this.userFaults.set(fault.email.toLowerCase(), fault);
    this.dirty = true;
  }

  clearUserFaults(): void {
    if (this.userFaults.size > 0) this.dirty = true;
    this.userFaults.clear();
  }

  listUserFaults(): UserFault[] {
    return [...this.userFaults.values()];
  }

  setEndpointDown(name: string): void {
    this.downEndpoints.add(name.toLowerCase());
  }

  isEndpointDown(name: string): boolean {
    return this.downEndpoints.has(name.toLowerCase());
  }

  clearEndpointsDown(): void {
    this.downEndpoints.clear();
  }

  listEndpointsDown(): string[] {
    return [...this.downEndpoints];
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** True once since the last call when anything changed. */
  takeDirty(): boolean {
    const was = this.dirty;
    this.dirty = false;
    return was;
  }

  toPersisted(savedAt: number): PersistedState {
    return {
      version: 1,
      seed: this.world.seed,
      extraMailUsers: this.world.extraMailUsers,
      savedAt: new Date(savedAt).toISOString(),
      batches: this.batches,
      userFaults: this.listUserFaults(),
      messaging: this.messaging.toPersisted(),
      mwzExtraMailboxes: this.world.mwzExtraMailboxes,
      migrationWiz: this.migrationWiz.toPersisted(),
      graphMigrationJobs: this.graphJobs.toPersisted(),
      stagedConversions: this.staged.toPersisted(),
    };
  }

  restore(persisted: PersistedState): void {
    this.batches = persisted.batches;
    this.userFaults.clear();
    for (const fault of persisted.userFaults) this.userFaults.set(fault.email.toLowerCase(), fault);
    this.messaging.restore(persisted.messaging);
    if (persisted.migrationWiz) this.migrationWiz.restore(persisted.migrationWiz);
    this.graphJobs.restore(persisted.graphMigrationJobs ?? []);
    this.staged.restore(persisted.stagedConversions);
  }
}
