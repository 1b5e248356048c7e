import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { invoke, invokeOk, NORTHWIND, newBatchParameters, northwindMailUsers } from './sim-client';

const SERVER = 'DM6PR11A002DC03.NAMPR11A002.PROD.OUTLOOK.COM';

function detailParts(body: { error: { details: { message: string }[] } }): string[] {
  return body.error.details[0]?.message.split('|') ?? [];
}

describe('InvokeCommand error envelopes', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator();
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Wave 1', await northwindMailUsers(sim.url, 2)),
    );
  });
  afterAll(() => sim.close());

  it('answers 404 with ManagementObjectNotFoundException for a missing batch', async () => {
    const result = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch', { Identity: 'Nope' });
    const text = `The operation couldn't be performed because object 'Nope' couldn't be found on '${SERVER}'.`;

    expect(result.status).toBe(404);
    expect(result.body).toEqual({
      error: {
        code: 'NotFound',
        message: 'Error executing cmdlet',
        details: [
          {
            code: 'Client',
            target: '',
            message: `Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|${text}`,
          },
        ],
        innererror: {
          message: 'Error executing cmdlet',
          type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
          internalexception: {
            message: text,
            type: 'Microsoft.Exchange.Management.PSDirectInvoke.DirectInvokeCmdletExecutionException',
          },
        },
      },
      '@adminapi.warnings': [],
    });
  });

  it('answers 404 for a missing user and a missing endpoint', async () => {
    const user = await invoke(sim.url, NORTHWIND, 'Get-MigrationUserStatistics', {
      Identity: 'ghost@northwindtraders.com',
    });
    const endpoint = await invoke(sim.url, NORTHWIND, 'Get-MigrationEndpoint', { Identity: 'Nowhere' });
    expect([user.status, endpoint.status]).toEqual([404, 404]);
    expect(detailParts(user.body)[2]).toContain("object 'ghost@northwindtraders.com' couldn't be found");
    expect(detailParts(endpoint.body)[1]).toBe(
      'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
    );
  });

  it('answers 400 for an invalid transition, naming the state', async () => {
    const result = await invoke(sim.url, NORTHWIND, 'Stop-MigrationBatch', { Identity: 'Wave 1' });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('BadRequest');
    const [id, exceptionClass, text] = detailParts(result.body);
    expect(id).toMatch(/^Ex[0-9A-F]{6}$/);
    expect(exceptionClass).toBe('Microsoft.Exchange.Migration.MigrationBatchCannotBeStoppedException');
    expect(text).toBe("The migration batch 'Wave 1' can't be stopped because it's in the Created state.");

    const complete = await invoke(sim.url, NORTHWIND, 'Complete-MigrationBatch', { Identity: 'Wave 1' });
    expect(complete.status).toBe(400);
    expect(detailParts(complete.body)[2]).toMatch(
      /^The migration batch 'Wave 1' can't be completed because it's in the Created state\./,
    );
  });

  it('answers 400 for an unknown cmdlet, like PowerShell', async () => {
    const result = await invoke(sim.url, NORTHWIND, 'Get-Nonsense');
    expect(result.status).toBe(400);
    const [, exceptionClass, text] = detailParts(result.body);
    expect(exceptionClass).toBe('System.Management.Automation.CommandNotFoundException');
    expect(text).toMatch(/^The term 'Get-Nonsense' is not recognized as a name of a cmdlet/);
  });

  it('answers 400 for a duplicate batch name, whatever its case', async () => {
    const users = (await northwindMailUsers(sim.url, 4)).slice(2);
    const result = await invoke(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('WAVE 1', users),
    );
    expect(result.status).toBe(400);
    expect(detailParts(result.body)[2]).toBe(
      "A migration batch with the name 'WAVE 1' already exists. Specify a different name and try again.",
    );
  });

  it('answers 400 for unknown parameters, missing mandatory ones and bad values', async () => {
    const unknown = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch', { Identiti: 'Wave 1' });
    expect(detailParts(unknown.body).slice(1)).toEqual([
      'System.Management.Automation.ParameterBindingException',
      "A parameter cannot be found that matches parameter name 'Identiti'.",
    ]);
    const missing = await invoke(sim.url, NORTHWIND, 'New-MigrationBatch', { Name: 'X' });
    expect(detailParts(missing.body)[2]).toBe(
      'Cannot process command because of one or more missing mandatory parameters: CSVData SourceEndpoint TargetDeliveryDomain.',
    );
    const badDate = await invoke(sim.url, NORTHWIND, 'Set-MigrationBatch', {
      Identity: 'Wave 1',
      CompleteAfter: 'soon',
    });
    expect(badDate.status).toBe(400);
    expect(detailParts(badDate.body)[2]).toContain('"System.DateTime"');
    expect([unknown.status, missing.status]).toEqual([400, 400]);
  });

  it('refuses a CSV without an EmailAddress column, an unknown endpoint and a foreign delivery domain', async () => {
    const users = (await northwindMailUsers(sim.url, 5)).slice(4);
    const noColumn = await invoke(sim.url, NORTHWIND, 'New-MigrationBatch', {
      ...newBatchParameters('Bad CSV', users),
      CSVData: { '@odata.type': '#Exchange.ByteArrayType', Data: [...Buffer.from('Mail\r\nx@y.com')] },
    });
    expect(noColumn.status).toBe(400);
    expect(detailParts(noColumn.body)[2]).toBe(
      "The CSV file doesn't contain the required column 'EmailAddress'.",
    );

    const endpoint = await invoke(sim.url, NORTHWIND, 'New-MigrationBatch', {
      ...newBatchParameters('Bad endpoint', users),
      SourceEndpoint: 'Elsewhere',
    });
    expect(endpoint.status).toBe(404);

    const domain = await invoke(sim.url, NORTHWIND, 'New-MigrationBatch', {
      ...newBatchParameters('Bad domain', users),
      TargetDeliveryDomain: 'contoso.onmicrosoft.com',
    });
    expect(domain.status).toBe(400);
    expect(detailParts(domain.body)[2]).toContain(
      "The domain 'contoso.onmicrosoft.com' isn't an accepted domain",
    );
  });

  it('answers 400 without a cmdlet error for malformed requests', async () => {
    const mismatch = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationBatch',
      {},
      { headers: { 'x-cmdletname': 'Get-MigrationUser' } },
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toBe(
      "X-CmdletName 'Get-MigrationUser' does not match CmdletName 'Get-MigrationBatch'.",
    );

    const tenant = await invoke(sim.url, 'unknown.onmicrosoft.com', 'Get-MigrationBatch');
    expect(tenant.status).toBe(400);
    expect(tenant.body.error.message).toBe(
      "The tenant 'unknown.onmicrosoft.com' is unknown to this service.",
    );

    const response = await fetch(`${sim.url}/adminapi/beta/${NORTHWIND}/InvokeCommand`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: '{"CmdletInput":',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('The request body is not valid JSON.');
  });
});
