import { ExchangeTransportError } from '../../errors';
import type {
  CallOptions,
  CreateBatchInput,
  MigrationProvider,
  ProviderBatch,
  ProviderMigrationEndpoint,
  ProviderUserStatistics,
  UserPage,
} from '../migration-provider';
import { encodeCsvData } from './csv-data';
import {
  type CmdletParameters,
  createInvokeCommandClient,
  type InvokeCommandClient,
  type InvokeCommandClientOptions,
} from './invoke-command';
import { toProviderBatch, toProviderEndpoint, toProviderUser, toProviderUserStatistics } from './parse';
import { requireIdentity, utcIso } from '../provider-input-error';
import { parseSkippedUsers } from './skipped-users';
import { orNull, single } from './single-result';

export type ExchangeOnlineProviderOptions = (InvokeCommandClientOptions | { client: InvokeCommandClient }) & {
  /** Page size for listUsers when the caller gives none (1 to 1000, default 1000). */
  defaultPageSize?: number;
};

/** MigrationProvider over Exchange Online's InvokeCommand endpoint (or the simulator that speaks it). */
export function createExchangeOnlineProvider(options: ExchangeOnlineProviderOptions): MigrationProvider {
  const client = 'client' in options ? options.client : createInvokeCommandClient(options);
  const run = (cmdlet: string, parameters: CmdletParameters, call?: CallOptions) =>
    client.invoke(cmdlet, parameters, call ?? {});

  async function getBatch(name: string, call?: CallOptions): Promise<ProviderBatch | null> {
    const cmdlet = 'Get-MigrationBatch';
    const Identity = requireIdentity(cmdlet, name);
    const found = await orNull(run(cmdlet, { Identity }, call));
    const bag = found && single(cmdlet, found);
    return bag ? toProviderBatch(bag, cmdlet) : null;
  }

  async function createBatch(input: CreateBatchInput, call?: CallOptions): Promise<ProviderBatch> {
    const cmdlet = 'New-MigrationBatch';
    const Name = requireIdentity(cmdlet, input.name, 'Name');
    const parameters: CmdletParameters = {
      Name,
      CSVData: encodeCsvData(input.csv),
      SourceEndpoint: input.sourceEndpoint,
      TargetDeliveryDomain: input.targetDeliveryDomain,
      AutoStart: input.autoStart,
      CompleteAfter: input.completeAfter && utcIso(cmdlet, 'CompleteAfter', input.completeAfter),
      NotificationEmails: input.notificationEmails?.length ? input.notificationEmails : undefined,
    };
    const created = await client.invokeWithWarnings(cmdlet, parameters, call ?? {});
    const batch = created.value[0] ? toProviderBatch(created.value[0], cmdlet) : await getBatch(Name, call);
    if (!batch) throw new ExchangeTransportError(cmdlet, `returned nothing and ${Name} cannot be found`);
    // Exchange names the rows it left out in the call's warnings and in the batch's ValidationWarnings.
    const skipped = parseSkippedUsers(
      created.warnings,
      (batch.skipped ?? []).map((s) => s.reason),
    );
    const { skipped: _, ...rest } = batch;
    return skipped.length > 0 ? { ...rest, skipped } : rest;
  }

  async function listUsers(
    batch: string,
    page: Parameters<MigrationProvider['listUsers']>[1] = {},
    call?: CallOptions,
  ): Promise<UserPage> {
    const cmdlet = 'Get-MigrationUser';
    const parameters: CmdletParameters = {
      BatchId: requireIdentity(cmdlet, batch, 'BatchId'),
      ResultSize: 'Unlimited',
      ...(page.status ? { Status: page.status } : {}),
    };
    const result = await client.invokePage(
      cmdlet,
      parameters,
      { nextLink: page.nextLink, pageSize: page.pageSize ?? options.defaultPageSize },
      call ?? {},
    );
    const users = result.value.map((bag) => toProviderUser(bag, cmdlet));
    return result.nextLink ? { users, nextLink: result.nextLink } : { users };
  }

  async function getUserStatistics(
    email: string,
    call?: CallOptions,
  ): Promise<ProviderUserStatistics | null> {
    const cmdlet = 'Get-MigrationUserStatistics';
    const Identity = requireIdentity(cmdlet, email);
    const found = await orNull(run(cmdlet, { Identity }, call));
    const bag = found && single(cmdlet, found);
    return bag ? toProviderUserStatistics(bag, cmdlet) : null;
  }

  async function getEndpoint(name: string, call?: CallOptions): Promise<ProviderMigrationEndpoint | null> {
    const cmdlet = 'Get-MigrationEndpoint';
    const Identity = requireIdentity(cmdlet, name);
    const found = await orNull(run(cmdlet, { Identity }, call));
    const bag = found && single(cmdlet, found);
    return bag ? toProviderEndpoint(bag, cmdlet) : null;
  }

  async function lifecycle(cmdlet: string, name: string, extra: CmdletParameters, call?: CallOptions) {
    await run(cmdlet, { Identity: requireIdentity(cmdlet, name), ...extra }, call);
  }

  return {
    capabilities: { passes: false, scheduledCompletion: true, itemTypeStatistics: false },
    displayName: 'Exchange',
    createBatch,
    getBatch,
    listUsers,
    getUserStatistics,
    getEndpoint,
    startBatch: (name, call) => lifecycle('Start-MigrationBatch', name, {}, call),
    stopBatch: (name, call) => lifecycle('Stop-MigrationBatch', name, {}, call),
    completeBatch: (name, at, call) =>
      at
        ? lifecycle(
            'Set-MigrationBatch',
            name,
            { CompleteAfter: utcIso('Set-MigrationBatch', 'CompleteAfter', at) },
            call,
          )
        : lifecycle('Complete-MigrationBatch', name, { Confirm: false }, call),
    removeBatch: (name, call) => lifecycle('Remove-MigrationBatch', name, { Confirm: false }, call),
  };
}
