import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  CROSS_TENANT_ENDPOINT,
  getTenants,
  invoke,
  invokeOk,
  NORTHWIND,
  northwindMailUsers,
} from './sim-client';

async function test(sim: SimulatorHandle, parameters: Record<string, unknown>, tenant = NORTHWIND) {
  const [result] = await invokeOk(sim.url, tenant, 'Test-MigrationServerAvailability', parameters);
  return result;
}

describe('Test-MigrationServerAvailability', () => {
  let sim: SimulatorHandle;
  let mailUser: string;

  beforeAll(async () => {
    sim = await startSimulator();
    [mailUser] = (await northwindMailUsers(sim.url, 1)) as [string];
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  it('succeeds for the cross-tenant endpoint and a Northwind MailUser', async () => {
    expect(await test(sim, { Endpoint: CROSS_TENANT_ENDPOINT, TestMailbox: mailUser })).toEqual({
      Result: 'Success',
      Message: '',
      ConnectionSettings:
        'EndpointType: ExchangeRemoteMove; RemoteServer: outlook.office.com; RemoteTenant: contoso.onmicrosoft.com',
      SupportsCutover: false,
      ErrorDetail: '',
      TestedEndpoint: 'outlook.office.com',
      IsValid: true,
    });
    const [woodgroveTenant] = await getTenants(sim.url, 'woodgrovebank');
    const woodgrove = await test(
      sim,
      { Endpoint: 'tailspin-crosstenant', TestMailbox: woodgroveTenant.recipients[0].email },
      'woodgrovebank.onmicrosoft.com',
    );
    expect(woodgrove.Result).toBe('Success');
  });

  it('fails for an endpoint the tenant does not have', async () => {
    const result = await test(sim, { Endpoint: 'Tailspin-CrossTenant', TestMailbox: mailUser });
    expect(result).toMatchObject({
      Result: 'Failed',
      Message: "The migration endpoint 'Tailspin-CrossTenant' couldn't be found.",
      ConnectionSettings: null,
      IsValid: false,
    });
  });

  it('fails when the test mailbox is not a MailUser of the tenant', async () => {
    for (const testMailbox of ['admin@northwindtraders.com', 'nobody@northwindtraders.com']) {
      const result = await test(sim, { Endpoint: CROSS_TENANT_ENDPOINT, TestMailbox: testMailbox });
      expect(result.Result).toBe('Failed');
      expect(result.Message).toContain(`'${testMailbox}' isn't a mail user in Northwind Traders`);
    }
  });

  it('fails while the endpoint is down (faults.endpointDown), until the faults are reset', async () => {
    sim.faults.endpointDown(CROSS_TENANT_ENDPOINT);
    const down = await test(sim, { Endpoint: CROSS_TENANT_ENDPOINT, TestMailbox: mailUser });
    expect(down).toMatchObject({
      Result: 'Failed',
      Message: "The connection to the server 'outlook.office.com' could not be completed.",
      ErrorDetail: expect.stringMatching(
        /^Microsoft\.Exchange\.Migration\.MigrationServerConnectionFailedException: /,
      ),
    });
    sim.faults.reset();
    expect((await test(sim, { Endpoint: CROSS_TENANT_ENDPOINT, TestMailbox: mailUser })).Result).toBe(
      'Success',
    );
  });

  it('takes endpointDown over POST /_simulator/faults and reports it', async () => {
    const post = (body: unknown) =>
      fetch(`${sim.url}/_simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const applied = await post({ endpointDown: { name: 'Contoso-CrossTenant' } });
    expect(applied.status).toBe(200);
    expect((await applied.json()).endpointsDown).toEqual(['contoso-crosstenant']);
    expect((await test(sim, { Endpoint: CROSS_TENANT_ENDPOINT })).Result).toBe('Failed');
    expect((await post({ endpointDown: { name: '' } })).status).toBe(400);
    const reset = await (await post({ reset: true })).json();
    expect(reset.endpointsDown).toEqual([]);
  });

  it('needs an Endpoint', async () => {
    const result = await invoke(sim.url, NORTHWIND, 'Test-MigrationServerAvailability', {
      TestMailbox: mailUser,
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].message).toContain('missing mandatory parameters: Endpoint');
  });
});
