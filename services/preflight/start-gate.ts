import type { ServiceContext } from '../context';
import type { Approval } from '../model/approval';
import { type Actor, type Batch, capabilitiesOf } from '../model/batch';
import { blockingFailures, type PreflightReport } from '../model/preflight';
import type { Stored } from '../store/document-store';
import { replaceIfUnchanged } from '../store/update-document';
import { type FailureData, failure, type Result } from '../model/result';
import { auditOverride, overrideRefusal } from './override';
import { readPreflight, startPreflight } from './run-preflight';

/** The start may go ahead; `summary` goes on the approval card. */
export type GateOpen = { ok: true; open: true; summary: NonNullable<Approval['preflight']> };
/** A preflight is still running; the start continues (or is refused) when it finishes. */
export type GateWaiting = { ok: true; open: false; report: Stored<PreflightReport> };

function isFresh(
  ctx: ServiceContext,
  report: PreflightReport | null,
  batch: Batch,
): report is PreflightReport {
  if (report?.state !== 'done' || !report.finishedAt) return false;
  // A move in passes checks the stored results of its verify pass (no engine call): always read them
  // again, so a verification that finished since the last report counts.
  if (capabilitiesOf(batch).passes && !report.override) return false;
  const maxAgeMs = (ctx.tenant(batch.tenantId)?.preflight.maxAgeHours ?? 24) * 3_600_000;
  return (
    ctx.now().getTime() - Date.parse(report.finishedAt) < maxAgeMs && report.userCount === batch.userCount
  );
}

function summaryOf(report: PreflightReport): GateOpen['summary'] {
  return {
    passed: report.counts.pass,
    warnings: report.counts.warning,
    failed: report.counts.fail,
    overriddenBy: report.override ? (report.override.by.name ?? report.override.by.id) : undefined,
  };
}

/** How many failing users a blocked start names. */
const NAMED_USERS = 5;

/** What stops the start: the batch's failing findings, then the first failing users and their finding. */
function worst(report: PreflightReport): FailureData['preflight.blocked']['worst'] {
  return {
    batch: report.batchFindings
      .filter((f) => f.status === 'fail')
      .map((f) => ({ message: f.message, fix: f.fix })),
    users: report.users
      .filter((u) => u.status === 'fail')
      .slice(0, NAMED_USERS)
      .map((u) => ({ email: u.email, message: u.findings.find((f) => f.status === 'fail')?.message ?? '' })),
    more: report.counts.fail - Math.min(NAMED_USERS, report.counts.fail),
  };
}

async function recordOverride(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  report: Stored<PreflightReport>,
  reason: string,
): Promise<Result<{ report: Stored<PreflightReport> }>> {
  const refused = await overrideRefusal(ctx, actor, batch, reason, 'preflight.override');
  if (refused) return refused;
  const at = ctx.now().toISOString();
  const saved = await replaceIfUnchanged(ctx.repos.preflight, {
    ...report,
    override: { by: actor, at, reason: reason.trim() },
  });
  if (!saved) {
    return failure('preflight.changed', { name: batch.name }, { batch });
  }
  await auditOverride(ctx, actor, batch, 'preflight.override', 'done', reason.trim());
  return { ok: true, report: saved };
}

/** What a finished report means for a start: open, or blocked with the worst failures. */
async function decide(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  report: Stored<PreflightReport>,
  override: string | undefined,
): Promise<Result<GateOpen>> {
  if (blockingFailures(report) === 0 || report.override)
    return { ok: true, open: true, summary: summaryOf(report) };
  if (override !== undefined) {
    const saved = await recordOverride(ctx, actor, batch, report, override);
    return saved.ok ? { ok: true, open: true, summary: summaryOf(saved.report) } : saved;
  }
  const users = report.counts.fail;
  const batchProblems = report.batchFindings.some((f) => f.status === 'fail');
  return failure(
    'preflight.blocked',
    { name: batch.name, users, batchProblems, worst: worst(report) },
    { batch },
  );
}

/**
 * Before a batch's first start: a fresh preflight must pass (or an admin must override its failures
 * with a reason). Without a fresh report a run starts now; a short one is waited for, a long one
 * finishes in the background and then `continueStart` goes on (or its summary says why not).
 */
export async function startGate(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  options: { override?: string; conversationKey?: string; continueStart: () => Promise<void> },
): Promise<Result<GateOpen | GateWaiting>> {
  const report = await readPreflight(ctx, batch.id);
  if (report && isFresh(ctx, report, batch)) return decide(ctx, actor, batch, report, options.override);
  const run = await startPreflight(ctx, actor, batch, {
    afterRun: { action: 'start', actor, conversationKey: options.conversationKey },
    requestedIn: options.conversationKey,
  });
  if (!run.ok) return run;
  const waitMs = (ctx.tenant(batch.tenantId)?.preflight.waitSeconds ?? 3) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    run.finished,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    }),
  ]);
  clearTimeout(timer);
  if (done && done.state === 'done') return decide(ctx, actor, batch, done, options.override);
  if (done) return failure('preflight.unfinished', { name: batch.name, error: done.error }, { batch });
  // Too long to wait for: answer now, go on when it ends.
  run.finished
    .then(async (finished) => {
      if (finished.state === 'done' && blockingFailures(finished) === 0) await options.continueStart();
    })
    .catch((error) => ctx.log.error({ err: error, batchId: batch.id }, 'start after preflight failed'));
  return { ok: true, open: false, report: run.report };
}
