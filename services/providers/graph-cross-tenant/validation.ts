import type { BatchValidation, CallOptions, ValidationProblem } from '../migration-provider';
import { type EngineContext, freshlyValidated, requireJob, validatedAt } from './engine-context';
import { fixFor, TENANT_CODES } from './error-codes';
import { addressesOf, allTasks } from './job-view';
import type { GraphJob, GraphUserTask } from './jobs-client';
import { cutoverWorkload, VALIDATING } from './map-status';
import { isConflict, sendOnce } from './safe-action';

/**
 * Starts Graph's validation of a job. A 409 while the job is already validating is fine (create may
 * start it by itself: the docs disagree). The job is remembered as validated by this engine, so its
 * result is reported once before a new validation is started.
 */
export async function startValidation(ctx: EngineContext, job: GraphJob, call: CallOptions): Promise<void> {
  const read = () => ctx.client.getJob(job.id, call);
  const before = job.lastUpdatedDateTime;
  const started = (current: GraphJob | null) =>
    current !== null &&
    (VALIDATING.has(current.status) ||
      (current.status.startsWith('validate') && current.lastUpdatedDateTime !== before));
  try {
    await sendOnce(ctx, read, started, () => ctx.client.act(job.id, 'validate', call), call);
  } catch (error) {
    if (!isConflict(error)) throw error;
    const current = await read();
    if (!current || !VALIDATING.has(current.status)) throw error;
  }
  ctx.validationsStarted.set(job.id, ctx.now().getTime());
}

/** Whether a validation is due: never run, failed and reported, or passed too long ago. */
function validationDue(ctx: EngineContext, job: GraphJob): boolean {
  if (job.status === 'submitted') return true;
  if (job.status === 'validateFailed') return !ctx.validationsStarted.has(job.id);
  return job.status === 'validatePassed' && !freshlyValidated(ctx, job);
}

/** The invalid users of a job's tasks by address, with Cutover's fix for each code. */
export function problemsOf(
  tasks: readonly GraphUserTask[],
  addresses: ReadonlyMap<string, string>,
): Pick<BatchValidation, 'invalidUsers' | 'batchProblems'> {
  const perUser = tasks
    .map((task) => ({
      email: addresses.get(task.id) ?? task.id,
      problems: task.currentStatus
        .filter((s) => s.status === 'invalid' || s.status === 'error')
        .flatMap((s): ValidationProblem[] => {
          const workload = cutoverWorkload(s.service);
          const errors =
            s.errors.length > 0 ? s.errors : [{ code: s.status, message: s.message ?? s.status }];
          return errors.map((e) => ({
            code: e.code,
            message: e.message,
            fix: fixFor(e.code, e.message),
            workload,
          }));
        }),
    }))
    .filter((u) => u.problems.length > 0);
  // A tenant-level code every user of the job has is the batch's problem, said once.
  const batchCodes = [...TENANT_CODES].filter(
    (code) =>
      tasks.length > 0 &&
      perUser.length === tasks.length &&
      perUser.every((u) => u.problems.some((p) => p.code === code)),
  );
  const batchProblems: ValidationProblem[] = [];
  for (const code of batchCodes) {
    const first = perUser[0]!.problems.find((p) => p.code === code)!;
    batchProblems.push(first);
  }
  // A tenant-level code on some users only is about those users (a hold, a remembered previous mailbox,
  // a licence), not the endpoint: its tenant-wide fix would mislead, so the engine's own words stand.
  const invalidUsers = perUser
    .map((u) => ({
      email: u.email,
      problems: u.problems
        .filter((p) => !batchCodes.includes(p.code))
        .map((p) =>
          TENANT_CODES.has(p.code)
            ? { ...p, fix: `${p.message} Fix that for this user, then validate again.` }
            : p,
        ),
    }))
    .filter((u) => u.problems.length > 0);
  return { invalidUsers, batchProblems };
}

async function problemsOfJob(ctx: EngineContext, job: GraphJob, call: CallOptions) {
  const tasks = await allTasks(ctx, job.id, call);
  const addresses = await addressesOf(
    ctx,
    tasks.map((t) => t.id),
    call,
  );
  return problemsOf(tasks, addresses);
}

/** How many users a job's validation found invalid. */
export async function invalidCount(ctx: EngineContext, job: GraphJob, call: CallOptions): Promise<number> {
  const tasks = await allTasks(ctx, job.id, call);
  return tasks.filter((t) => t.currentStatus.some((s) => s.status === 'invalid')).length;
}

const iso = (at: number | undefined) => (at === undefined ? {} : { validatedAt: new Date(at).toISOString() });

/**
 * Where the job's validation stands, starting one when it is due (see validationDue). A job that
 * already moves data passed its validation; its invalid users, if any, are still reported.
 */
export async function validateJob(
  ctx: EngineContext,
  name: string,
  call: CallOptions,
): Promise<BatchValidation> {
  const job = await requireJob(ctx, 'validateBatch', name, call);
  if (VALIDATING.has(job.status)) return { state: 'running', invalidUsers: [], batchProblems: [] };
  if (validationDue(ctx, job)) {
    await startValidation(ctx, job, call);
    return { state: 'running', invalidUsers: [], batchProblems: [] };
  }
  ctx.validationsStarted.delete(job.id);
  const problems = await problemsOfJob(ctx, job, call);
  // Graph passes a job when some users are valid: the others are listed either way.
  if (job.status === 'validatePassed') return { state: 'passed', ...iso(validatedAt(job)), ...problems };
  if (job.status === 'validateFailed') return { state: 'failed', ...iso(validatedAt(job)), ...problems };
  const invalid = problems.invalidUsers.length + problems.batchProblems.length > 0;
  return { state: invalid ? 'failed' : 'passed', ...problems };
}
