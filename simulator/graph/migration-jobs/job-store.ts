import type { JobEnv } from './job-plan';
import { FINAL_STATUSES, type GraphJob } from './job-schema';
import { advanceJob, jobStateAt } from './job-state';
import { PENDING_MS } from './job-timing';

/** The cross-tenant migration jobs of every tenant, in creation order (kept in the state file). */
export class GraphJobStore {
  private jobs: GraphJob[] = [];
  /** Called after every change (the simulator marks its state dirty). */
  onChange: () => void = () => {};

  constructor(private readonly envOf: () => JobEnv) {}

  get env(): JobEnv {
    return this.envOf();
  }

  list(): readonly GraphJob[] {
    return this.jobs;
  }

  /** A job by its id or its displayName (case-insensitive). */
  find(idOrName: string): GraphJob | undefined {
    const wanted = idOrName.trim().toLowerCase();
    return (
      this.jobs.find((j) => j.id === wanted) ?? this.jobs.find((j) => j.displayName.toLowerCase() === wanted)
    );
  }

  add(job: GraphJob): void {
    this.jobs.push(job);
    this.onChange();
  }

  /** The job of the tenant with this displayName (case-insensitive), if any. */
  named(tenantId: string, displayName: string): GraphJob | undefined {
    const wanted = displayName.toLowerCase();
    return this.jobs.find((j) => j.tenantId === tenantId && j.displayName.toLowerCase() === wanted);
  }

  /** The jobs (not ended, not being deleted) by the users they hold. */
  activeJobsByUser(now: number): Map<string, GraphJob> {
    const active = new Map<string, GraphJob>();
    for (const job of this.jobs) {
      if (job.deleteRequestedAt !== null || FINAL_STATUSES.includes(jobStateAt(job, now, this.env).status))
        continue;
      for (const user of job.users) if (!active.has(user.id)) active.set(user.id, job);
    }
    return active;
  }

  /** Plays every job forward to `now`; removes those whose deletion has finished. */
  advance(now: number): void {
    const env = this.env;
    let changed = false;
    const kept = this.jobs.filter((job) => {
      if (job.deleteRequestedAt !== null && now >= job.deleteRequestedAt + PENDING_MS / env.speed) {
        changed = true;
        return false;
      }
      if (advanceJob(job, now, env)) changed = true;
      return true;
    });
    this.jobs = kept;
    if (changed) this.onChange();
  }

  toPersisted(): GraphJob[] {
    return this.jobs;
  }

  restore(jobs: GraphJob[]): void {
    this.jobs = jobs;
  }
}
