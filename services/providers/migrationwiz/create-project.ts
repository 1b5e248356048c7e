import { EngineError } from '../../errors';
import type { CallOptions, CreateBatchInput, ProviderBatch } from '../migration-provider';
import { ProviderInputError, requireIdentity } from '../provider-input-error';
import { toProviderBatch } from './batch-view';
import type { MigrationWizEngineConfig } from './config';
import type { ExchangeConfiguration, Mailbox, MailboxConnector } from './entities';
import { cacheFor, type EngineContext, findProject, loadItems } from './project-sync';
import { ENGINE_NAME } from './soap-answer';

type Side = MigrationWizEngineConfig['source'];

/** A project side with its administrative credentials, the password read from the variable the config names. */
function sideConfiguration(side: Side, env: NodeJS.ProcessEnv): ExchangeConfiguration {
  const admin = side.adminUsername !== undefined && side.adminPasswordEnv !== undefined;
  const password = side.adminPasswordEnv ? env[side.adminPasswordEnv] : undefined;
  if (admin && !password) {
    throw new EngineError(
      ENGINE_NAME,
      'createBatch',
      `The variable ${side.adminPasswordEnv} that holds the administrative password is not set.`,
      false,
    );
  }
  return {
    ...(side.url ? { Url: side.url } : {}),
    UseAdministrativeCredentials: admin,
    ...(admin ? { AdministrativeUsername: side.adminUsername, AdministrativePassword: password } : {}),
  };
}

function connectorFor(
  config: MigrationWizEngineConfig,
  name: string,
  env: NodeJS.ProcessEnv,
): MailboxConnector {
  return {
    WorkgroupId: config.workgroupId,
    ...(config.customerId ? { OrganizationId: config.customerId } : {}),
    Name: name,
    ProjectType: 'Mailbox',
    ExportType: config.source.type,
    ImportType: config.target.type,
    ExportConfiguration: sideConfiguration(config.source, env),
    ImportConfiguration: sideConfiguration(config.target, env),
    MaximumSimultaneousMigrations: config.maxSimultaneousMigrations,
    MaximumItemFailures: config.maxItemFailures,
  };
}

/** The mapping with blank rows refused and repeated sources (any case) kept once. */
function mappingOf(input: CreateBatchInput): { source: string; target: string }[] {
  if (!input.mapping || input.mapping.length === 0) {
    throw new ProviderInputError(
      'createBatch',
      'mapping',
      "MigrationWiz needs each user's source and target address",
    );
  }
  const seen = new Set<string>();
  const rows: { source: string; target: string }[] = [];
  for (const row of input.mapping) {
    const source = row.source.trim();
    const target = row.target.trim();
    if (source === '' || target === '') {
      throw new ProviderInputError('createBatch', 'mapping', 'every row needs a source and a target address');
    }
    if (seen.has(source.toLowerCase())) continue;
    seen.add(source.toLowerCase());
    rows.push({ source, target });
  }
  return rows;
}

/**
 * Finds or creates the project named after the batch, then adds only the items not there yet (by
 * source address, whatever its case), 100 per request: calling it again finishes an interrupted create.
 */
export async function createProject(
  ctx: EngineContext,
  env: NodeJS.ProcessEnv,
  input: CreateBatchInput,
  call: CallOptions,
): Promise<ProviderBatch> {
  const name = requireIdentity('createBatch', input.name, 'name');
  const mapping = mappingOf(input);
  let connector = await findProject(ctx, name, call);
  if (!connector) {
    try {
      [connector] = await ctx.client.create('MailboxConnector', [connectorFor(ctx.config, name, env)], call);
    } catch (error) {
      if (!(error instanceof EngineError) || error.faultCode !== 'DuplicateName') throw error;
      connector = await findProject(ctx, name, call);
    }
  }
  if (!connector?.Id)
    throw new EngineError(ENGINE_NAME, 'createBatch', `The project '${name}' was not created.`, true);
  const cache = cacheFor(ctx, name, connector);
  await loadItems(ctx, cache, call);
  const present = new Set(cache.itemList().map((item) => item.source.toLowerCase()));
  const missing: Mailbox[] = mapping
    .filter((row) => !present.has(row.source.toLowerCase()))
    .map((row) => ({
      ConnectorId: connector.Id,
      ExportEmailAddress: row.source,
      ImportEmailAddress: row.target,
    }));
  cache.addItems(await ctx.client.create('Mailbox', missing, call));
  ctx.logger?.info(
    { batch: name, added: missing.length, present: present.size },
    'MigrationWiz project ready',
  );
  const batch = toProviderBatch(cache, name, ctx.config);
  return cache.passesLoaded ? batch : { ...batch, status: 'Created' };
}
