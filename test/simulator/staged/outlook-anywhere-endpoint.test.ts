import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { invoke, invokeOk } from '../sim-client';
import { ADATUM, adatumDirectory, STAGED_ENDPOINT } from './staged-support';

const CREDENTIALS = { UserName: 'ADATUM\\migration.admin', Password: 'Admin-Secret-42' };

describe('the Outlook Anywhere endpoint (Adatum-Staged)', () => {
  let sim: SimulatorHandle;
  let meu: string;
  beforeAll(async () => {
    sim = await startSimulator();
    [meu] = (await adatumDirectory(sim.url)).withMeu as [string];
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  it('is listed by Get-MigrationEndpoint with its connection settings', async () => {
    const [endpoint] = await invokeOk(sim.url, ADATUM, 'Get-MigrationEndpoint', {
      Identity: STAGED_ENDPOINT,
    });
    expect(endpoint).toMatchObject({
      Identity: STAGED_ENDPOINT,
      EndpointType: 'ExchangeOutlookAnywhere',
      RemoteServer: 'mail.adatum.com',
      RpcProxyServer: 'mail.adatum.com',
      ExchangeServer: 'EXCH07-MBX1.adatum.local',
      Username: 'ADATUM\\migration.admin',
      MailboxPermission: 'Admin',
      Authentication: 'Basic',
      MaxConcurrentMigrations: 3,
    });
    const byType = await invokeOk(sim.url, ADATUM, 'Get-MigrationEndpoint', {
      Type: 'ExchangeOutlookAnywhere',
    });
    expect(byType.map((e) => e.Identity)).toEqual([STAGED_ENDPOINT]);
  });

  it('answers Test-MigrationServerAvailability -Endpoint, and fails while its remote side is down', async () => {
    const [ok] = await invokeOk(sim.url, ADATUM, 'Test-MigrationServerAvailability', {
      Endpoint: STAGED_ENDPOINT,
      TestMailbox: meu,
    });
    expect(ok).toMatchObject({
      Result: 'Success',
      ConnectionSettings: 'EndpointType: ExchangeOutlookAnywhere; RemoteServer: mail.adatum.com',
    });
    sim.faults.endpointDown(STAGED_ENDPOINT);
    const [down] = await invokeOk(sim.url, ADATUM, 'Test-MigrationServerAvailability', {
      Endpoint: STAGED_ENDPOINT,
      TestMailbox: meu,
    });
    expect(down).toMatchObject({
      Result: 'Failed',
      Message: "The connection to the server 'mail.adatum.com' could not be completed.",
    });
  });

  it('answers the explicit -ExchangeOutlookAnywhere -RPCProxyServer -Credentials form, keeping no password', async () => {
    const test = (extra: Record<string, unknown>) =>
      invokeOk(sim.url, ADATUM, 'Test-MigrationServerAvailability', {
        ExchangeOutlookAnywhere: true,
        RPCProxyServer: 'mail.adatum.com',
        ExchangeServer: 'EXCH07-MBX1.adatum.local',
        Credentials: CREDENTIALS,
        MailboxPermission: 'Admin',
        Authentication: 'Basic',
        ...extra,
      });
    expect((await test({ EmailAddress: meu }))[0]).toMatchObject({ Result: 'Success', IsValid: true });
    expect((await test({ RPCProxyServer: 'mail.elsewhere.com' }))[0]).toMatchObject({
      Result: 'Failed',
      Message: "The connection to the server 'mail.elsewhere.com' could not be completed.",
    });
    const denied = (await test({ Credentials: { ...CREDENTIALS, UserName: 'ADATUM\\someone' } }))[0];
    expect(denied.Result).toBe('Failed');
    expect(denied.Message).toContain("refused the credentials of 'ADATUM\\someone'");
    expect((await test({ EmailAddress: 'nobody@adatum.com' }))[0].Result).toBe('Failed');
    const missing = await invoke(sim.url, ADATUM, 'Test-MigrationServerAvailability', {
      ExchangeOutlookAnywhere: true,
      RPCProxyServer: 'mail.adatum.com',
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Credentials');
    const logged = JSON.stringify(sim.calls({ cmdlet: 'Test-MigrationServerAvailability' }));
    expect(logged).not.toContain(CREDENTIALS.Password);
    expect(logged).toContain('********');
  });
});
