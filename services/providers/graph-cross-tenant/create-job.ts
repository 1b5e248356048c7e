import { cell, readCsvTable } from '../../csv/read-csv-table';
import type { CallOptions, CreateBatchInput, ProviderBatch, SkippedUser } from '../migration-provider';
import { type EngineContext, refused } from './engine-context';
import { mapLimited, toProviderBatch, UNSCHEDULED_MS } from './job-view';
import type { GraphJob, NewJob } from './jobs-client';
import { JobCallError } from './jobs-client';
import { graphWorkload } from './map-status';
import { sendOnce } from './safe-action';
import { startValidation } from './validation';

/** Directory look-ups in flight at once while a batch's addresses are resolved. */
const RESOLVE_CONCURRENCY = 8;

/** The addresses of the batch CSV (header `EmailAddress`, one address per row), each once. */
export function csvAddresses(csv: string): string[] {
  const read = readCsvTable(csv);
  if (!read.ok) throw refused('createBatch', `The batch's CSV cannot be read: ${read.error.reason}`);
  const column = read.table.header.findIndex((h) => h.trim().toLowerCase() === 'emailaddress');
  if (column < 0) throw refused('createBatch', "The batch's CSV has no EmailAddress column.");
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const record of read.table.records) {
    const address = column < record.length ? cell(record, column) : '';
    const key = address.toLowerCase();
    if (address === '' || seen.has(key)) continue;
    seen.add(key);
    addresses.push(address);
  }
  return addresses;
}

/** Each address's target user (its Entra object id), and the addresses Graph does not know. */
async function resolveUsers(
  ctx: EngineContext,
  addresses: readonly string[],
  call: CallOptions,
): Promise<{ ids: string[]; skipped: SkippedUser[] }> {
  const found = await mapLimited(addresses, RESOLVE_CONCURRENCY, (address) =>
    ctx.client.directoryUser(address, call),
  );
  const ids: string[] = [];
  const taken = new Set<string>();
  const skipped: SkippedUser[] = [];
  found.forEach((user, i) => {
    const address = addresses[i]!;
    if (!user) {
      skipped.push({
        email: address,
        reason: `No user '${address}' in the target tenant: Microsoft Graph does not know the address.`,
      });
      return;
    }
    if (taken.has(user.id)) return;
    taken.add(user.id);
    ids.push(user.id);
    ctx.addresses.set(user.id, address.toLowerCase());
  });
  return { ids, skipped };
}

/** Starts the validation of a job Graph did not start validating by itself (the docs disagree). */
async function validateIfSubmitted(ctx: EngineContext, job: GraphJob, call: CallOptions): Promise<void> {
  if (job.status === 'submitted') await startValidation(ctx, job, call);
}

/**
 * Creates the job from the batch: each address resolved to the target user, the users Graph does not
 * know left out (`skipped`), then validation started. A job of that name already there (a crash after
 * the POST) is returned as it is, without a second POST.
 */
export async function createJob(
  ctx: EngineContext,
  input: CreateBatchInput,
  call: CallOptions,
): Promise<ProviderBatch> {
  const addresses = csvAddresses(input.csv);
  if (addresses.length === 0) throw refused('createBatch', 'The batch has no users.');
  const max = ctx.config.maxUsersPerJob;
  if (addresses.length > max) {
    throw refused(
      'createBatch',
      `The batch has ${addresses.length} users; a Microsoft Graph migration job takes at most ${max} (engine.maxUsersPerJob). Split the batch.`,
    );
  }
  if (!ctx.sourceTenantId) {
    throw refused(
      'createBatch',
      "The tenant's crossTenant.sourceTenantId is not set: Microsoft Graph needs the source tenant.",
    );
  }
  const existing = await ctx.client.getJob(input.name, call);
  if (existing) {
    await validateIfSubmitted(ctx, existing, call);
    return toProviderBatch(existing);
  }
  const { ids, skipped } = await resolveUsers(ctx, addresses, call);
  if (ids.length === 0) {
    throw refused(
      'createBatch',
      `None of the batch's ${addresses.length} address${addresses.length === 1 ? ' is a user' : 'es is a user'} in the target tenant (${skipped
        .slice(0, 5)
        .map((s) => s.email)
        .join(', ')}${skipped.length > 5 ? ', …' : ''}).`,
    );
  }
  const body: NewJob = {
    displayName: input.name,
    sourceTenantId: ctx.sourceTenantId,
    completeAfterDateTime: (
      input.completeAfter ?? new Date(ctx.now().getTime() + UNSCHEDULED_MS)
    ).toISOString(),
    ...(input.sourceEndpoint || input.targetDeliveryDomain
      ? {
          exchangeSettings: {
            ...(input.sourceEndpoint ? { sourceEndpoint: input.sourceEndpoint } : {}),
            ...(input.targetDeliveryDomain ? { targetDeliveryDomain: input.targetDeliveryDomain } : {}),
          },
        }
      : {}),
    workloads: ctx.config.workloads.map(graphWorkload),
    resourceType: 'Users',
    resources: ids,
  };
  const read = () => ctx.client.getJob(input.name, call);
  let job: GraphJob | null | undefined;
  try {
    job = await sendOnce(
      ctx,
      read,
      (j) => j !== null,
      () => ctx.client.createJob(body, call),
      call,
    );
  } catch (error) {
    // Created by an earlier attempt whose answer was lost: the job is there under its name.
    if (!(error instanceof JobCallError && error.faultCode === 'duplicateDisplayNameJob')) throw error;
  }
  job ??= await read();
  if (!job) throw refused('createBatch', `Microsoft Graph did not create the job '${input.name}'.`, true);
  ctx.logger?.info(
    { batch: input.name, jobId: job.id, users: ids.length, skipped: skipped.length },
    'Graph migration job created',
  );
  await validateIfSubmitted(ctx, job, call);
  return {
    ...toProviderBatch(job),
    totalCount: ids.length,
    pendingCount: ids.length,
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}
