import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  bytesOf,
  CROSS_TENANT_ENDPOINT,
  csvData,
  getTenants,
  invoke,
  invokeOk,
  manualClock,
  NORTHWIND,
  NORTHWIND_ID,
  newBatchParameters,
  northwindMailUsers,
} from './sim-client';

describe('InvokeCommand success envelope', () => {
  let sim: SimulatorHandle;
  const clock = manualClock();

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now });
  });
  afterAll(() => sim.close());

  it('answers with the OData context, warnings and a value array, with type annotations', async () => {
    const result = await invoke(sim.url, NORTHWIND, 'Get-MigrationEndpoint', {
      Identity: CROSS_TENANT_ENDPOINT,
    });

    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(result.body['@odata.context']).toBe(
      `${sim.url}/adminapi/beta/${NORTHWIND}/$metadata#Collection(Exchange.GenericHashTable)`,
    );
    expect(result.body['@adminapi.warnings']).toEqual([]);
    expect(result.body['@odata.nextLink']).toBeUndefined();
    const [endpoint] = result.body.value;
    expect(endpoint).toMatchObject({
      Identity: 'Contoso-CrossTenant',
      EndpointType: 'ExchangeRemoteMove',
      RemoteServer: 'outlook.office.com',
      RemoteTenant: 'contoso.onmicrosoft.com',
      'Guid@odata.type': '#Guid',
    });
    expect(endpoint.Guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('accepts the tenant GUID as well as the onmicrosoft domain', async () => {
    const byGuid = await invokeOk(sim.url, NORTHWIND_ID, 'Get-MigrationEndpoint');
    const byDomain = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationEndpoint');
    expect(byGuid).toEqual(byDomain);
    expect(byGuid.map((e) => e.Identity)).toEqual(['Contoso-CrossTenant']);
  });

  it('returns the new batch as a flat property bag with dates, GUIDs and counts', async () => {
    const users = await northwindMailUsers(sim.url, 3);
    const [batch] = await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Wave 1', users, { NotificationEmails: ['ops@northwindtraders.com'] }),
    );

    expect(batch).toMatchObject({
      Identity: 'Wave 1',
      Status: 'Created',
      MigrationType: 'ExchangeRemoteMove',
      TotalCount: 3,
      PendingCount: 3,
      ActiveCount: 0,
      SyncedCount: 0,
      FinalizedCount: 0,
      FailedCount: 0,
      SourceEndpoint: 'Contoso-CrossTenant',
      TargetDeliveryDomain: NORTHWIND,
      NotificationEmails: ['ops@northwindtraders.com'],
      ValidationWarnings: [],
      'CreationDateTime@odata.type': '#DateTime',
      'BatchGuid@odata.type': '#Guid',
      StartDateTime: null,
      CompleteAfter: null,
    });
    expect(batch.CreationDateTime).toBe('2025-03-03T09:00:00.0000000Z');
    expect(typeof batch.Status).toBe('string');
  });

  it('accepts CSVData as a base64 string too', async () => {
    const users = await northwindMailUsers(sim.url, 5);
    const parameters = {
      ...newBatchParameters('Wave b64', users.slice(3)),
      CSVData: csvData(users.slice(3), 'base64'),
    };
    const [batch] = await invokeOk(sim.url, NORTHWIND, 'New-MigrationBatch', parameters);
    expect(batch.TotalCount).toBe(2);
    const listed = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUser', { BatchId: 'Wave b64' });
    expect(listed.map((u) => u.Identity)).toEqual(users.slice(3));
  });

  it('formats statistics like Exchange: byte sizes with exact counts, enums as strings', async () => {
    const [email] = await northwindMailUsers(sim.url, 1);
    const [northwind] = await getTenants(sim.url, NORTHWIND);
    const recipient = northwind.recipients.find((r: { email: string }) => r.email === email);
    const [stats] = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUserStatistics', { Identity: email });

    expect(stats.EstimatedTotalTransferSize).toMatch(/^\d+(\.\d{1,3})? (B|KB|MB|GB) \([\d,]+ bytes\)$/);
    expect(bytesOf(stats.EstimatedTotalTransferSize)).toBe(recipient.sizeBytes);
    expect(stats.BytesTransferred).toBe('0 B (0 bytes)');
    expect(stats).toMatchObject({
      Identity: email,
      EmailAddress: email,
      BatchId: 'Wave 1',
      Status: 'Queued',
      StatusSummary: 'Active',
      RecipientType: 'MailUser',
      PercentageComplete: 0,
      TotalItemsInSourceMailboxCount: recipient.itemCount,
      MailboxGuid: recipient.exchangeGuid,
      'MailboxGuid@odata.type': '#Guid',
      Error: '',
      LastSuccessfulSyncTime: null,
    });
  });

  it('applies $select to the returned properties', async () => {
    const response = await fetch(
      `${sim.url}/adminapi/beta/${NORTHWIND}/InvokeCommand?$select=Identity,Status`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({
          CmdletInput: { CmdletName: 'Get-MigrationBatch', Parameters: { Identity: 'Wave 1' } },
        }),
      },
    );
    const body = await response.json();
    expect(body.value).toEqual([{ Identity: 'Wave 1', Status: 'Created' }]);
  });

  it('fails users that are not MailUsers at validation and warns about duplicate rows', async () => {
    const [free] = (await northwindMailUsers(sim.url, 8)).slice(7);
    const csv = [free, free, 'admin@northwindtraders.com', 'nobody@northwindtraders.com'];
    const [batch] = await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Mixed', csv as string[]),
    );

    expect(batch.TotalCount).toBe(3);
    expect(batch.FailedCount).toBe(2);
    expect(batch.ValidationWarnings).toEqual([
      `Row 3: the user '${free}' appears more than once in the CSV file. The row was skipped.`,
    ]);
    const users = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUser', { BatchId: 'Mixed' });
    expect(users.map((u) => [u.Identity, u.Status])).toEqual([
      [free, 'Queued'],
      ['admin@northwindtraders.com', 'Failed'],
      ['nobody@northwindtraders.com', 'Failed'],
    ]);
    expect(users[1].ErrorSummary).toBe(
      "Target user 'admin@northwindtraders.com' already has a primary mailbox. Only a mail user can be the target of this migration.",
    );
    expect(users[2].ErrorSummary).toMatch(
      /^A recipient wasn't found for 'nobody@northwindtraders.com' on the target/,
    );
  });

  it('warns when a user already belongs to another batch and leaves it out', async () => {
    const [taken] = await northwindMailUsers(sim.url, 1);
    const [extra] = (await northwindMailUsers(sim.url, 9)).slice(8);
    const result = await invoke(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Again', [taken!, extra!]),
    );
    expect(result.status).toBe(200);
    expect(result.body.value[0].TotalCount).toBe(1);
    expect(result.body['@adminapi.warnings']).toEqual([
      `The user '${taken}' already exists in migration batch 'Wave 1'.`,
    ]);
  });

  it('returns every batch when Get-MigrationBatch has no Identity, like Exchange', async () => {
    const all = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationBatch');
    expect(all.map((b) => b.Identity)).toEqual(['Wave 1', 'Wave b64', 'Mixed', 'Again']);
    const created = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationBatch', { Status: 'created' });
    expect(created).toHaveLength(4);
  });
});
