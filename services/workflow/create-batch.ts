import { AlreadyExistsError, ConflictError } from '../errors';
import { type Actor, type Batch, type CardLocation, batchId } from '../model/batch';
import { type Intent, intentId } from '../model/intent';
import { SCENARIOS, type Scenario } from '../model/statuses';
import type { ServiceContext } from '../context';
import { parseBatchCsv } from '../csv/parse-batch-csv';
import { csvProblemLine, csvProblemsHeadline } from '../csv/csv-problem-text';
import { stagedCsvForExchange } from '../csv/staged-csv-for-exchange';
import { targetDomainsOf } from './target-domains';
import { authorize } from '../authorize';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { type Result, fail } from './results';

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
    const known = ctx.tenants.tenants.map((t) => t.id).join(', ');
    return fail('invalid', `Unknown tenant "${input.tenantId ?? ''}". Known tenants: ${known}.`);
  }
  if (!authorize(ctx.tenants, actor, tenant.id, 'operator')) {
    return fail('forbidden', `You need the operator role in ${tenant.displayName} to create batches.`);
  }
  const scenario = input.scenario as Scenario;
  if (!SCENARIOS.includes(scenario)) {
    return fail(
      'invalid',
      `Unknown scenario "${input.scenario ?? ''}". Use one of: ${SCENARIOS.join(', ')}.`,
    );
  }
  if (!tenant.scenarios.includes(scenario)) {
    return fail(
      'invalid',
      `${tenant.displayName} is not set up for ${scenario} (it runs ${tenant.scenarios.join(', ')}).`,
    );
  }
  const name = input.name?.trim() ?? '';
  if (!BATCH_NAME.test(name)) {
    return fail(
      'invalid',
      'A batch name is 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.',
    );
  }
  const domain = input.targetDeliveryDomain?.trim() || tenant.targetDeliveryDomain;
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) return fail('invalid', `"${domain}" is not a domain name.`);
  let completeAfter: string | undefined;
  if (input.completeAfter?.trim()) {
    const at = parseUtc(input.completeAfter.trim());
    if (!at)
      return fail(
        'invalid',
        `"${input.completeAfter}" is not an ISO-8601 time (for example 2026-12-01T18:00:00Z).`,
      );
    if (at.getTime() <= ctx.now().getTime())
      return fail('invalid', 'The complete-after time is in the past.');
    completeAfter = at.toISOString();
  }
  const csv = parseBatchCsv(input.csv ?? '', scenario, {
    targetDomains: await targetDomainsOf(ctx, tenant.id, scenario),
  });
  if (!csv.ok) {
    return fail('invalid', csvProblemsHeadline(csv.errors), { details: csv.errors.map(csvProblemLine) });
  }

  const id = batchId(tenant.id, name);
  // A removed batch (or one Exchange refused) frees its name; versions go on so intent keys stay unique.
  const previous = await ctx.repos.batches.read(tenant.id, id);
  if (previous && !REUSABLE.includes(previous.state)) {
    return fail('exists', `A batch named "${name}" already exists in ${tenant.displayName}.`);
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
  };
  try {
    await ctx.repos.intents.upsert(intent);
    const stored = previous
      ? await ctx.repos.batches.replace({ ...batch, _etag: previous._etag })
      : await ctx.repos.batches.create(batch);
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
  } catch (error) {
    if (error instanceof AlreadyExistsError || error instanceof ConflictError) {
      return fail('exists', `A batch named "${name}" already exists in ${tenant.displayName}.`);
    }
    throw error;
  }
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
