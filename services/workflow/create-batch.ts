import { type Actor, type Batch, type CardLocation, batchId } from '../model/batch';
import { type Intent, intentId } from '../model/intent';
import { SCENARIOS, type Scenario } from '../model/statuses';
import type { ServiceContext } from '../context';
import { parseBatchCsv } from '../csv/parse-batch-csv';
import { stagedCsvForExchange } from '../csv/staged-csv-for-exchange';
import { targetDomainsOf } from './target-domains';
import { authorize } from '../authorize';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { createIfAbsent, replaceIfUnchanged } from '../store/update-document';
import { type Result, failure } from '../model/result';

export interface CreateBatchInput {
  tenantId?: string;
  scenario?: string;
  name?: string;
  /** Pasted text, or the bytes of an attached file (any encoding the CSV intake reads). */
  csv?: string | Buffer;
  targetDeliveryDomain?: string;
  completeAfter?: string;
  card?: CardLocation;
}

const REUSABLE: readonly Batch['state'][] = ['Removed', 'CreateFailed'];

export const BATCH_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/**
 * Validates a new batch, stores it as Creating and records the create intent.
 * The provider is called by the intent runner, not here.
 */
export async function createBatch(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateBatchInput,
): Promise<Result<{ batch: Stored<Batch> }>> {
  const tenant = input.tenantId ? ctx.tenant(input.tenantId) : undefined;
  if (!tenant) {
    const known = ctx.tenants.tenants.map((t) => t.id);
    return failure('tenant.unknown', { tenantId: input.tenantId ?? '', known });
  }
  if (!authorize(ctx.tenants, actor, tenant.id, 'operator')) {
    return failure('create.forbidden', { tenantName: tenant.displayName });
  }
  const scenario = input.scenario as Scenario;
  if (!SCENARIOS.includes(scenario)) {
    return failure('scenario.unknown', { scenario: input.scenario ?? '', known: SCENARIOS });
  }
  if (!tenant.scenarios.includes(scenario)) {
    return failure('scenario.not_set_up', {
      tenantName: tenant.displayName,
      scenario,
      runs: tenant.scenarios,
    });
  }
  const name = input.name?.trim() ?? '';
  if (!BATCH_NAME.test(name)) {
    return failure('batch.name_invalid', {});
  }
  const domain = input.targetDeliveryDomain?.trim() || tenant.targetDeliveryDomain;
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) return failure('domain.invalid', { domain });
  let completeAfter: string | undefined;
  const { capabilities, displayName: engineName } = ctx.provider(tenant.id);
  if (input.completeAfter?.trim() && !capabilities.scheduledCompletion) {
    return failure('complete_after.unsupported', { tenantName: tenant.displayName });
  }
  if (input.completeAfter?.trim()) {
    const at = parseUtc(input.completeAfter.trim());
    if (!at) return failure('time.invalid', { text: input.completeAfter });
    if (at.getTime() <= ctx.now().getTime()) return failure('complete_after.past', {});
    completeAfter = at.toISOString();
  }
  const csv = parseBatchCsv(input.csv ?? '', scenario, {
    targetDomains: await targetDomainsOf(ctx, tenant.id, scenario),
  });
  if (!csv.ok) {
    return failure('csv.invalid', { errors: csv.errors });
  }
  if (capabilities.passes && !csv.mapping) return failure('csv.mapping_needed', {});

  const id = batchId(tenant.id, name);
  // A removed batch (or one Exchange refused) frees its name; versions go on so intent keys stay unique.
  const previous = await ctx.repos.batches.read(tenant.id, id);
  if (previous && !REUSABLE.includes(previous.state)) {
    return failure('batch.exists', { name, tenantName: tenant.displayName });
  }
  const version = (previous?.version ?? 0) + 1;
  const now = ctx.now().toISOString();
  const intent: Intent = {
    id: intentId(id, 'create', version),
    pk: id,
    type: 'intent',
    tenantId: tenant.id,
    batchId: id,
    batchName: name,
    action: 'create',
    status: 'pending',
    create: {
      emails: csv.emails,
      sealedCsv: hasPasswords(scenario, csv.header)
        ? ctx.sealer.seal(stagedCsvForExchange(input.csv ?? ''))
        : undefined,
      sourceEndpoint: tenant.migrationEndpoint,
      targetDeliveryDomain: domain,
      completeAfter,
      mapping: capabilities.passes ? csv.mapping : undefined,
    },
    requestedBy: actor,
    requestedAt: now,
    attempts: 0,
    updatedAt: now,
  };
  const batch: Batch = {
    id,
    pk: tenant.id,
    type: 'batch',
    tenantId: tenant.id,
    name,
    nameKey: name.toLowerCase(),
    scenario,
    version,
    state: 'Creating',
    userCount: csv.emails.length,
    sourceEndpoint: tenant.migrationEndpoint,
    targetDeliveryDomain: domain,
    completeAfter,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    pending: { action: 'create', intentId: intent.id, requestedAt: now },
    card: input.card,
    capabilities,
    engineName,
  };
  await ctx.repos.intents.upsert(intent);
  const stored = previous
    ? await replaceIfUnchanged(ctx.repos.batches, { ...batch, _etag: previous._etag })
    : await createIfAbsent(ctx.repos.batches, batch);
  if (!stored) return failure('batch.exists', { name, tenantName: tenant.displayName });
  await appendAudit(ctx.repos, {
    tenantId: tenant.id,
    batchId: id,
    batchVersion: version,
    at: now,
    actor,
    action: 'create',
    outcome: 'requested',
    detail: `${csv.emails.length} users, ${scenario}`,
  });
  ctx.kick();
  return { ok: true, batch: stored };
}

/** Parses an ISO-8601 time; a time without a zone is taken as UTC, as Exchange does. */
export function parseUtc(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text))
    return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const withTime = text.length === 10 ? `${text}T00:00:00` : text.replace(' ', 'T');
  const date = new Date(hasZone ? withTime : `${withTime}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A staged CSV with passwords is sent to Exchange as uploaded; other files only as addresses. */
function hasPasswords(scenario: string, header: string[]): boolean {
  return scenario === 'staged' && header.some((h) => h.trim().toLowerCase() === 'password');
}
