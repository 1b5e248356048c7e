import {
  type CutoverError,
  EngineError,
  EngineNotFoundError,
  ExchangeError,
  ExchangeNotFoundError,
  SealedDataUnreadableError,
} from '../errors';
import { type Batch, MAX_SKIPPED_KEPT, PASS_OF_ACTION, type SkippedUser } from '../model/batch';
import { CUTOVER_STATES, inStates } from '../model/batch-states';
import type { Intent } from '../model/intent';
import type { BatchStatus } from '../model/statuses';
import type { ServiceContext } from '../context';
import { batchCsv } from '../csv/parse-batch-csv';
import type { MigrationProvider, ProviderBatch } from '../providers/migration-provider';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { replaceIfUnchanged, updateDocument } from '../store/update-document';
import { syncBatch } from './sync-batch';

export const MAX_INTENT_ATTEMPTS = 5;

/**
 * Carries out one recorded intent. Before calling the provider it looks at the
 * provider's real state, so an intent that already took effect (the process died
 * after the call, before recording it) is marked done instead of repeated.
 */
export async function runIntent(ctx: ServiceContext, intent: Stored<Intent>): Promise<void> {
  const log = ctx.log.child({ intentId: intent.id, batchId: intent.batchId });
  const claimed = await replaceIfUnchanged(ctx.repos.intents, {
    ...intent,
    status: 'running',
    attempts: intent.attempts + 1,
    updatedAt: ctx.now().toISOString(),
  });
  if (!claimed) return; // someone else is on it
  let current: Stored<Intent> = claimed;
  const provider = ctx.provider(intent.tenantId);
  const requestId = current.id;
  try {
    const remote = await provider.getBatch(intent.batchName, { requestId });
    const already = alreadyDone(current, remote, provider.resumableCreate === true);
    // A create that already took effect still tells who Exchange left out (the batch's ValidationWarnings).
    const created = already ? remote : await perform(ctx, provider, current, requestId);
    const skipped = intent.action === 'create' ? (created?.skipped ?? []) : [];
    current = await ctx.repos.intents.replace({
      ...current,
      create: current.create && withoutSkipped(current.create, skipped),
      status: 'done',
      reconciled: already || undefined,
      updatedAt: ctx.now().toISOString(),
    });
    log.info({ action: intent.action, reconciled: already, skipped: skipped.length }, 'intent done');
    await finish(ctx, current, undefined, skipped);
  } catch (error) {
    const permanent =
      error instanceof SealedDataUnreadableError ||
      (error instanceof ExchangeError && !(error.httpStatus === 429 || error.httpStatus >= 500)) ||
      (error instanceof EngineError && !error.transient);
    const message = engineMessageOf(error);
    log.warn({ err: error, code: (error as CutoverError).code, attempts: current.attempts }, 'intent failed');
    if (!permanent && current.attempts < MAX_INTENT_ATTEMPTS) {
      await ctx.repos.intents.replace({
        ...current,
        status: 'pending',
        error: message,
        updatedAt: ctx.now().toISOString(),
      });
      return;
    }
    current = await ctx.repos.intents.replace({
      ...current,
      status: 'failed',
      error: message,
      updatedAt: ctx.now().toISOString(),
    });
    await finish(ctx, current, message);
  }
}

/** The engine's own words for a failure (shown on the card), else the error's message. */
function engineMessageOf(error: unknown): string {
  if (error instanceof ExchangeError) return error.exchangeMessage;
  if (error instanceof EngineError) return error.engineMessage;
  return (error as Error).message;
}

/** The CSV for New-MigrationBatch: the sealed staged file (with passwords), else one address per line. */
function createCsv(ctx: ServiceContext, create: NonNullable<Intent['create']>): string {
  if (!create.sealedCsv) return batchCsv(create.emails);
  const csv = ctx.sealer.open(create.sealedCsv);
  if (csv === null) {
    throw new SealedDataUnreadableError(
      'The passwords of this staged batch cannot be read any more (the sealing key changed). Create the batch again from its CSV.',
    );
  }
  return csv;
}

async function perform(
  ctx: ServiceContext,
  provider: MigrationProvider,
  intent: Intent,
  requestId: string,
): Promise<ProviderBatch | undefined> {
  const options = { requestId };
  switch (intent.action) {
    case 'create': {
      const create = intent.create!;
      return provider.createBatch(
        {
          name: intent.batchName,
          csv: createCsv(ctx, create),
          sourceEndpoint: create.sourceEndpoint,
          targetDeliveryDomain: create.targetDeliveryDomain,
          completeAfter: create.completeAfter ? new Date(create.completeAfter) : undefined,
          mapping: create.mapping,
        },
        options,
      );
    }
    case 'verify':
    case 'prestage':
    case 'pass':
    case 'retry-errors': {
      if (!provider.submitPass)
        throw new Error(`this tenant's engine does not run passes (${intent.action})`);
      // The intent's time is the idempotency key: a pass submitted since then is not submitted again.
      await provider.submitPass(
        intent.batchName,
        {
          type: intent.pass?.type ?? PASS_OF_ACTION[intent.action],
          olderThanDays: intent.pass?.olderThanDays,
          since: new Date(intent.requestedAt),
        },
        options,
      );
      return undefined;
    }
    case 'start':
    case 'retry':
      await provider.startBatch(intent.batchName, options);
      return undefined;
    case 'stop':
      await provider.stopBatch(intent.batchName, options);
      return undefined;
    case 'complete':
      await provider.completeBatch(intent.batchName, intent.at ? new Date(intent.at) : undefined, options);
      return undefined;
    case 'remove':
      try {
        await provider.removeBatch(intent.batchName, options);
      } catch (error) {
        if (!(error instanceof ExchangeNotFoundError || error instanceof EngineNotFoundError)) throw error;
      }
      return undefined;
  }
}

/**
 * The create as Exchange took it: the users it left out are not the batch's users (preflight and the
 * start gate read the batch's users from the create).
 */
function withoutSkipped(
  create: NonNullable<Intent['create']>,
  skipped: readonly SkippedUser[],
): NonNullable<Intent['create']> {
  if (skipped.length === 0) return create;
  const out = new Set(skipped.map((s) => s.email.toLowerCase()));
  return { ...create, emails: create.emails.filter((email) => !out.has(email.toLowerCase())) };
}

/** How far after the request a "cut over now" completion time may lie (it is sent a few seconds ahead). */
const COMPLETE_NOW_SLACK_MS = 5 * 60_000;

const STARTED: readonly BatchStatus[] = [
  'Starting',
  'Syncing',
  'IncrementalSyncing',
  'Synced',
  'SyncedWithErrors',
  'Completing',
  'Completed',
  'CompletedWithErrors',
  'Waiting',
];

/**
 * Reconciliation: did the provider already do what this intent asks? A pass is never taken as done
 * here: submitting it again is itself idempotent (see PassRequest.since), so a submission that died
 * half-way is finished rather than skipped. Likewise a create on an engine that adds only missing users.
 */
function alreadyDone(intent: Intent, remote: ProviderBatch | null, resumableCreate: boolean): boolean {
  switch (intent.action) {
    case 'create':
      return remote !== null && !resumableCreate;
    case 'verify':
    case 'prestage':
    case 'pass':
    case 'retry-errors':
      return false;
    case 'remove':
      return remote === null || remote.status === 'Removing';
    case 'start':
      return remote !== null && STARTED.includes(remote.status);
    case 'retry':
      return remote !== null && (remote.failedCount === 0 || ['Starting', 'Syncing'].includes(remote.status));
    case 'stop':
      return remote !== null && ['Stopping', 'Stopped'].includes(remote.status);
    case 'complete':
      if (!remote) return false;
      if (intent.at)
        return (
          remote.completeAfter !== undefined && Date.parse(remote.completeAfter) === Date.parse(intent.at)
        );
      // Cut over now: under way already, or the engine's completion time was already moved to (about)
      // the moment it was asked for (an engine that cuts over at its completion time, once synced).
      return (
        inStates(CUTOVER_STATES, remote.status) ||
        (remote.completeAfter !== undefined &&
          Date.parse(remote.completeAfter) <= Date.parse(intent.requestedAt) + COMPLETE_NOW_SLACK_MS)
      );
  }
}

/**
 * Clears the batch's pending action, records the outcome, and refreshes the batch. A create counts only
 * the users Exchange took, keeps who it left out, and says so in the audit and the batch's conversation.
 */
async function finish(
  ctx: ServiceContext,
  intent: Intent,
  error: string | undefined,
  skipped: readonly SkippedUser[] = [],
): Promise<void> {
  const now = ctx.now().toISOString();
  const finished = await updateDocument(
    ctx.repos.batches,
    { pk: intent.tenantId, id: intent.batchId },
    (current) => {
      const next: Stored<Batch> = { ...current, updatedAt: now };
      if (current.pending?.intentId === intent.id) next.pending = undefined;
      if (error) next.lastError = { action: intent.action, message: error, at: now };
      if (intent.action === 'create') next.state = error ? 'CreateFailed' : 'Created';
      if (intent.action === 'create' && !error && intent.create) {
        next.userCount = intent.create.emails.length;
        next.skipped = skipped.length
          ? { count: skipped.length, users: skipped.slice(0, MAX_SKIPPED_KEPT) }
          : undefined;
      }
      if (intent.action === 'remove' && !error) next.state = 'Removed';
      if (intent.action === 'complete' && intent.at && !error) next.completeAfter = intent.at;
      return next;
    },
  );
  if (!finished.ok) return;
  const batch = finished.doc;
  await appendAudit(ctx.repos, {
    tenantId: intent.tenantId,
    batchId: intent.batchId,
    batchVersion: batch.version,
    at: now,
    actor: intent.requestedBy,
    action: intent.action,
    outcome: error ? 'failed' : 'done',
    detail: error ?? (intent.action === 'create' ? createdDetail(batch.userCount, skipped) : undefined),
  });
  if (error) {
    await ctx.events.milestone(batch, intent.action === 'create' ? 'create_failed' : 'action_failed', error);
    await ctx.events.batchChanged(batch);
    return;
  }
  if (intent.action === 'create' && skipped.length > 0) await ctx.events.milestone(batch, 'users_left_out');
  if (intent.action === 'remove') {
    await ctx.events.milestone(batch, 'removed');
    await ctx.events.batchChanged(batch);
    return;
  }
  await syncBatch(ctx, batch.id, { requestId: intent.id, notify: 'always' });
}

const AUDIT_SKIPPED_SHOWN = 20;

/** The create's audit line: how many users Exchange took, and each one it left out with its reason. */
export function createdDetail(userCount: number, skipped: readonly SkippedUser[]): string {
  const users = `${userCount} user${userCount === 1 ? '' : 's'} in Exchange`;
  if (skipped.length === 0) return users;
  const listed = skipped
    .slice(0, AUDIT_SKIPPED_SHOWN)
    .map((s) => `${s.email || '(empty address)'}: ${s.reason}`)
    .join('; ');
  const more =
    skipped.length > AUDIT_SKIPPED_SHOWN ? `; and ${skipped.length - AUDIT_SKIPPED_SHOWN} more` : '';
  return `${users}; ${skipped.length} left out: ${listed}${more}`;
}
