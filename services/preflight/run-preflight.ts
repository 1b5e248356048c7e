import { engineValidationFindings, mergeFindings } from './engine-validation';
import { rolesOf } from '../config/tenants';
import type { ServiceContext } from '../context';
import type { Actor, Batch } from '../model/batch';
import {
  type CheckId,
  type Finding,
  type PreflightReport,
  type UserPreflight,
  worstOf,
} from '../model/preflight';
import type { Stored } from '../store/document-store';
import { batchEmails } from './batch-emails';
import { appendAudit } from '../store/repositories';
import { createIfAbsent, refuse, replaceIfUnchanged, updateDocument } from '../store/update-document';
import { findBatch } from '../workflow/find-batch';
import { failure, type Result } from '../model/result';
import { type PreflightFindings, SCENARIO_CHECKS } from './scenario-checks';

/** A run that stopped answering (its instance died) is run again after this long. */
const ABANDONED_MS = 10 * 60_000;

export interface PreflightRun {
  report: Stored<PreflightReport>;
  /** Settles when this process's run has finished and its report is stored. */
  finished: Promise<Stored<PreflightReport>>;
}

/** Runs in flight in this process, per service context (a test may run several in one process). */
const inFlight = new WeakMap<ServiceContext, Map<string, Promise<Stored<PreflightReport>>>>();

function runsOf(ctx: ServiceContext) {
  const known = inFlight.get(ctx);
  if (known) return known;
  const runs = new Map<string, Promise<Stored<PreflightReport>>>();
  inFlight.set(ctx, runs);
  return runs;
}

export function readPreflight(ctx: ServiceContext, batchId: string): Promise<Stored<PreflightReport> | null> {
  return ctx.repos.preflight.read(batchId, batchId);
}

/** `batch preflight <name>`: operators start a run; its summary is posted when it finishes. */
export async function requestPreflight(
  ctx: ServiceContext,
  actor: Actor,
  ref: { name?: string; batchId?: string; tenantId?: string },
  requestedIn?: string,
): Promise<Result<PreflightRun & { batch: Stored<Batch> }>> {
  const found = await findBatch(ctx, ref);
  if (!found.ok) return found;
  const { batch } = found;
  if (!rolesOf(ctx.tenants, batch.tenantId, actor.id).has('operator')) {
    return failure('preflight.forbidden', { tenantId: batch.tenantId }, { batch });
  }
  if (batch.state === 'Removed' || batch.state === 'CreateFailed') {
    return failure('preflight.nothing_to_check', { name: batch.name, state: batch.state }, { batch });
  }
  const run = await startPreflight(ctx, actor, batch, { requestedIn });
  return run.ok ? { ...run, batch } : run;
}

/** `batch preflight <name> --show` and the export: the latest report, for viewers. */
export async function viewPreflight(
  ctx: ServiceContext,
  actor: Actor,
  ref: { name?: string; batchId?: string; tenantId?: string },
): Promise<Result<{ batch: Stored<Batch>; report: Stored<PreflightReport> }>> {
  const found = await findBatch(ctx, ref);
  if (!found.ok) return found;
  const { batch } = found;
  if (!rolesOf(ctx.tenants, batch.tenantId, actor.id).has('viewer')) {
    return failure('batch.viewer_needed', { tenantId: batch.tenantId }, { batch });
  }
  const report = await readPreflight(ctx, batch.id);
  if (!report) {
    return failure('preflight.none', { name: batch.name }, { batch });
  }
  return { ok: true, batch, report };
}

/**
 * Records a running report (bumping its run number) and runs the scenario's checks in the
 * background. A run already going in this process is joined instead of started twice; one that
 * another instance is running is reported as busy.
 */
export async function startPreflight(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  options: Pick<PreflightReport, 'afterRun' | 'requestedIn'> = {},
): Promise<Result<PreflightRun>> {
  const runs = runsOf(ctx);
  const existing = await readPreflight(ctx, batch.id);
  const going = runs.get(batch.id);
  if (existing?.state === 'running' && going) return { ok: true, report: existing, finished: going };
  const now = ctx.now();
  if (existing?.state === 'running' && now.getTime() - Date.parse(existing.startedAt) < ABANDONED_MS) {
    return failure('preflight.running', { name: batch.name });
  }
  const report: PreflightReport = {
    id: batch.id,
    pk: batch.id,
    type: 'preflight',
    tenantId: batch.tenantId,
    batchId: batch.id,
    batchName: batch.name,
    scenario: batch.scenario,
    state: 'running',
    run: (existing?.run ?? 0) + 1,
    ranBy: actor,
    startedAt: now.toISOString(),
    userCount: batch.userCount,
    users: [],
    batchFindings: [],
    counts: { pass: 0, warning: 0, fail: 0 },
    checks: {},
    delegates: [],
    afterRun: options.afterRun,
    requestedIn: options.requestedIn,
  };
  const stored = existing
    ? await replaceIfUnchanged(ctx.repos.preflight, { ...report, _etag: existing._etag })
    : await createIfAbsent(ctx.repos.preflight, report);
  if (!stored) {
    return failure('preflight.raced', { name: batch.name });
  }
  const finished = execute(ctx, batch, stored).finally(() => runs.delete(batch.id));
  runs.set(batch.id, finished);
  return { ok: true, report: stored, finished };
}

async function execute(
  ctx: ServiceContext,
  batch: Batch,
  running: Stored<PreflightReport>,
): Promise<Stored<PreflightReport>> {
  let outcome: Partial<PreflightReport>;
  try {
    const tenant = ctx.tenant(batch.tenantId);
    if (!tenant) throw new Error(`tenant ${batch.tenantId} is no longer configured`);
    const emails = await batchEmails(ctx, batch);
    const own = await SCENARIO_CHECKS[batch.scenario]({ ctx, batch, tenant, emails });
    const found = mergeFindings(own, await engineValidationFindings(ctx, batch));
    outcome = { state: 'done', userCount: emails.length, ...summarise(found, emails.length) };
  } catch (error) {
    ctx.log.warn({ err: error, batchId: batch.id }, 'preflight could not finish');
    outcome = { state: 'error', error: (error as Error).message };
  }
  const saved = await saveOutcome(ctx, running, { ...outcome, finishedAt: ctx.now().toISOString() });
  if (saved) {
    await appendAudit(ctx.repos, {
      tenantId: batch.tenantId,
      batchId: batch.id,
      batchVersion: batch.version,
      at: saved.finishedAt!,
      actor: saved.ranBy,
      action: 'preflight',
      outcome: saved.state === 'done' ? 'done' : 'failed',
      detail:
        saved.state === 'done'
          ? `${saved.counts.pass} passed, ${saved.counts.warning} with warnings, ${saved.counts.fail} failing`
          : saved.error,
    });
    await ctx.events.preflightFinished(saved, batch);
  }
  return saved ?? running;
}

/** Writes the result unless a newer run replaced this one meanwhile. */
async function saveOutcome(
  ctx: ServiceContext,
  running: Stored<PreflightReport>,
  outcome: Partial<PreflightReport>,
): Promise<Stored<PreflightReport> | null> {
  const saved = await updateDocument(ctx.repos.preflight, { pk: running.pk, id: running.id }, (current) =>
    current.run !== running.run ? refuse('replaced') : { ...current, ...outcome },
  );
  return saved.ok ? saved.doc : null;
}

function summarise(found: PreflightFindings, userCount: number): Partial<PreflightReport> {
  const users: UserPreflight[] = [...found.users.entries()]
    .map(([email, findings]) => ({ email, status: worstOf(findings.map((f) => f.status)), findings }))
    .sort((a, b) => rank(b.status) - rank(a.status) || a.email.localeCompare(b.email));
  const failing = users.filter((u) => u.status === 'fail').length;
  const warned = users.filter((u) => u.status === 'warning').length;
  const checks: PreflightReport['checks'] = {};
  const count = (f: Finding) => {
    const entry = checks[f.check as CheckId] ?? { warning: 0, fail: 0 };
    entry[f.status] += 1;
    checks[f.check as CheckId] = entry;
  };
  for (const u of users) for (const f of u.findings) count(f);
  for (const f of found.batchFindings) count(f);
  return {
    users,
    batchFindings: found.batchFindings,
    delegates: found.delegates,
    counts: { pass: userCount - failing - warned, warning: warned, fail: failing },
    checks,
  };
}

const rank = (s: UserPreflight['status']) => (s === 'fail' ? 2 : s === 'warning' ? 1 : 0);
