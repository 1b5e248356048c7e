import { licenceFailureText } from '../../seed/failure-texts';
import type { UserFault } from '../../state/state-schema';
import type { GraphJob, JobUser, Workload } from './job-schema';
import { FAILURE_DELAY_MS, finalizeMs, PROCESSING_MS, syncMs } from './job-timing';

/** What a job's progress depends on besides the job itself. */
export interface JobEnv {
  speed: number;
  /** A `failUser` fault for this address, if any. */
  faultFor(email: string): UserFault | undefined;
}

/** How a user left its migration round before completing it. */
export interface UserExit {
  at: number;
  kind: 'failed' | 'cancelled';
  message: string;
  /** Whether it left while syncing (before every workload was synced) or during the cutover. */
  phase: 'sync' | 'cutover';
}

/** One user's round: when each workload syncs and cuts over, and how it ends. */
export interface UserPlan {
  syncStart: number;
  syncedAt: Record<Workload, number>;
  allSyncedAt: number;
  /** Cutover windows per workload, in order; null when the user never reaches the cutover. */
  windows: { workload: Workload; start: number; end: number }[] | null;
  exit: UserExit | null;
  /** When the user is done: its exit, or the end of its last cutover window. */
  doneAt: number;
}

export interface RoundPlan {
  /** When the cutover starts; null when every user leaves before it. */
  cutoverAt: number | null;
  /** When the job's round ends (every user done). */
  endsAt: number;
  users: Map<string, UserPlan>;
}

const real = (simulatedMs: number, env: JobEnv) => simulatedMs / env.speed;

export function failureText(user: JobUser, fault: UserFault): string {
  const error = fault.error ?? licenceFailureText(user.sourceAddress ?? user.email, user.email);
  return `User [${user.email}] migration failed. Please retry user migration. ${error}`;
}

function faultOf(user: JobUser, env: JobEnv): UserFault | undefined {
  return env.faultFor(user.email) ?? (user.sourceAddress ? env.faultFor(user.sourceAddress) : undefined);
}

/** A fault strikes the first workload 1.5 minutes after it starts (or after the fault came), if it is still running. */
function strike(
  user: JobUser,
  env: JobEnv,
  start: number,
  end: number,
): { at: number; message: string } | null {
  const fault = faultOf(user, env);
  if (!fault) return null;
  const at = Math.max(start, fault.since) + real(FAILURE_DELAY_MS, env);
  return at < end ? { at, message: failureText(user, fault) } : null;
}

/** The users of the current round: those migrate started and that have not completed before. */
export function roundUsers(job: GraphJob): JobUser[] {
  return job.users.filter((u) => u.roundStartedAt !== null && u.completedAt === null);
}

function syncPhase(job: GraphJob, user: JobUser, env: JobEnv) {
  const syncStart = (user.roundStartedAt ?? 0) + real(PROCESSING_MS, env);
  const syncedAt = {} as Record<Workload, number>;
  for (const workload of job.workloads) {
    syncedAt[workload] = syncStart + real(syncMs(workload, user.email, user.sizeBytes), env);
  }
  const allSyncedAt = Math.max(syncStart, ...job.workloads.map((w) => syncedAt[w]));
  const first = job.workloads[0] ?? 'Exchange';
  let exit: UserExit | null = null;
  if (user.failure && user.failure.at <= allSyncedAt) {
    exit = { at: user.failure.at, kind: 'failed', message: user.failure.message, phase: 'sync' };
  } else if (user.cancelledAt !== null) {
    // A cancel is only taken before the completion time, so before the cutover.
    exit = {
      at: user.cancelledAt,
      kind: 'cancelled',
      message: 'The user’s migration was cancelled.',
      phase: 'sync',
    };
  } else if (!user.failure && user.cancelledAt === null) {
    const hit = strike(user, env, syncStart, syncedAt[first] ?? allSyncedAt);
    if (hit) exit = { ...hit, kind: 'failed', phase: 'sync' };
  }
  return { syncStart, syncedAt, allSyncedAt, exit };
}

function cutoverPhase(job: GraphJob, user: JobUser, env: JobEnv, cutoverAt: number) {
  let start = cutoverAt;
  const windows = job.workloads.map((workload) => {
    const window = { workload, start, end: start + real(finalizeMs(workload), env) };
    start = window.end;
    return window;
  });
  const first = windows[0];
  let exit: UserExit | null = null;
  if (user.failure) {
    exit = { at: user.failure.at, kind: 'failed', message: user.failure.message, phase: 'cutover' };
  } else if (first) {
    const hit = strike(user, env, first.start, first.end);
    if (hit) exit = { ...hit, kind: 'failed', phase: 'cutover' };
  }
  return { windows, exit, doneAt: exit?.at ?? start };
}

/**
 * The current round of a job that migrate started: every user syncs from the end of processing; the
 * cutover starts at the completion time once every user still in the round is synced (or has left).
 */
export function planRound(job: GraphJob, env: JobEnv): RoundPlan {
  const requestedAt = job.migration?.requestedAt ?? 0;
  const processed = requestedAt + real(PROCESSING_MS, env);
  const users = roundUsers(job).map((user) => ({ user, sync: syncPhase(job, user, env) }));
  const staying = users.filter((u) => u.sync.exit === null);
  const plans = new Map<string, UserPlan>();
  if (staying.length === 0) {
    for (const { user, sync } of users)
      plans.set(user.id, { ...sync, windows: null, doneAt: sync.exit?.at ?? 0 });
    const endsAt = Math.max(processed, ...users.map((u) => u.sync.exit?.at ?? processed));
    return { cutoverAt: null, endsAt, users: plans };
  }
  const ready = users.map((u) => u.sync.exit?.at ?? u.sync.allSyncedAt);
  const cutoverAt = Math.max(job.completeAfter, processed, ...ready);
  let endsAt = cutoverAt;
  for (const { user, sync } of users) {
    if (sync.exit) {
      plans.set(user.id, { ...sync, windows: null, doneAt: sync.exit.at });
      continue;
    }
    const cutover = cutoverPhase(job, user, env, cutoverAt);
    plans.set(user.id, { ...sync, ...cutover });
    endsAt = Math.max(endsAt, cutover.doneAt);
  }
  return { cutoverAt, endsAt, users: plans };
}
