import { describe, expect, it } from 'vitest';
import { DEMO_TENANTS_FILE, loadConfig } from '../../bot/config';
import { loadTenantsFile, parseTenantsFile, rolesOf } from '../../services/config/tenants';

describe('configuration', () => {
  it('defaults to port 3978 on loopback with auth off and the demo tenants', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.auth.appId).toBeUndefined();
    expect(config.tenantsFile).toBe(DEMO_TENANTS_FILE);
    expect(config.usesDemoTenants).toBe(true);
  });

  it('starts the embedded simulator on a fixed port, so its URL survives a restart; 0 picks a free one', () => {
    expect(loadConfig({}).simulator).toMatchObject({ port: 3979, url: undefined });
    expect(loadConfig({ EXCHANGE_SIMULATOR_PORT: '4100' }).simulator.port).toBe(4100);
    expect(loadConfig({ EXCHANGE_SIMULATOR_PORT: '0' }).simulator.port).toBe(0);
    expect(() => loadConfig({ EXCHANGE_SIMULATOR_PORT: '70000' })).toThrow(
      /^EXCHANGE_SIMULATOR_PORT is invalid: .*\(got "70000"\)/,
    );
  });

  it('names the variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT is invalid: .*\(got "eighty"\)/);
    expect(() => loadConfig({ MicrosoftAppType: 'Single' })).toThrow(/^MicrosoftAppType is invalid/);
    expect(() => loadConfig({ SYNC_INTERVAL_SECONDS: '-1' })).toThrow(/^SYNC_INTERVAL_SECONDS is invalid/);
  });

  it('refuses to listen beyond loopback without auth unless explicitly allowed', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /MicrosoftAppId is not set.*ALLOW_UNAUTHENTICATED_REMOTE=true/,
    );
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_REMOTE: 'true' }).host).toBe('0.0.0.0');
  });

  it('requires the password with an app id, and never echoes it', () => {
    expect(() => loadConfig({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555' })).toThrow(
      /MicrosoftAppPassword is missing/,
    );
    const config = loadConfig({
      MicrosoftAppId: 'id',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 't',
    });
    expect(config.host).toBe('0.0.0.0');
    expect(() =>
      loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }),
    ).toThrow(/MicrosoftAppTenantId is missing/);
  });
});

describe('tenants file', () => {
  it('loads the demo tenants, whose roles include the Playground users', () => {
    const file = loadTenantsFile(DEMO_TENANTS_FILE);
    expect(file.tenants.map((t) => t.id)).toEqual([
      'northwind',
      'woodgrove',
      'fabrikam',
      'contoso',
      'litware',
      'northwind-graph',
      'alpineskihouse',
      'cohowinery',
      'proseware',
      'wideworldimporters',
      'adatum',
    ]);
    expect(file.tenants.map((t) => t.engine.kind)).toEqual([
      'exchange-online',
      'exchange-online',
      'exchange-online',
      'migrationwiz',
      'migrationwiz',
      'graph-cross-tenant',
      'exchange-online',
      'exchange-online',
      'exchange-online',
      'exchange-online',
      'exchange-online',
    ]);
    // The hoster's customers: each has its own operator and approver, who have no role anywhere else.
    const diego = '00000000-0000-0000-0000-000000000025';
    expect([...rolesOf(file, 'alpineskihouse', diego)].sort()).toEqual(['operator', 'viewer']);
    expect(file.tenants.filter((t) => rolesOf(file, t.id, diego).size > 0).map((t) => t.id)).toEqual([
      'alpineskihouse',
    ]);
    const johanna = '00000000-0000-0000-0000-000000000028';
    expect([...rolesOf(file, 'cohowinery', johanna)].sort()).toEqual(['approver', 'viewer']);
    expect(rolesOf(file, 'alpineskihouse', johanna).size).toBe(0);
    const alex = rolesOf(file, 'northwind', '00000000-0000-0000-0000-000000000020');
    expect([...alex].sort()).toEqual(['admin', 'approver', 'operator', 'viewer']);
    expect([...rolesOf(file, 'northwind', '00000000-0000-0000-0000-000000000021')].sort()).toEqual([
      'approver',
      'viewer',
    ]);
    expect(rolesOf(file, 'northwind', '00000000-0000-0000-0000-000000000024').size).toBe(0);
    expect(rolesOf(file, 'northwind', undefined).size).toBe(0);
  });

  it('names the field that is wrong', () => {
    const base = {
      tenants: [
        {
          id: 'a',
          displayName: 'A',
          connection: {
            endpointUrl: 'embedded',
            tenant: 'a.onmicrosoft.com',
            credential: { kind: 'static', token: 't' },
          },
          migrationEndpoint: 'E',
          targetDeliveryDomain: 'a.mail.onmicrosoft.com',
          approval: { actions: [] as string[] },
        },
      ],
    };
    expect(parseTenantsFile(base).tenants[0]?.scenarios).toEqual(['cross-tenant']);
    const badDomain = structuredClone(base);
    badDomain.tenants[0]!.targetDeliveryDomain = 'nope';
    expect(() => parseTenantsFile(badDomain)).toThrow(/tenants\.0\.targetDeliveryDomain: a domain name/);
    const secretInFile = structuredClone(base) as unknown as {
      tenants: { connection: { credential: unknown } }[];
    };
    secretInFile.tenants[0]!.connection.credential = {
      kind: 'secret',
      tenantId: 't',
      clientId: 'c',
      clientSecret: 'oops',
    };
    expect(() => parseTenantsFile(secretInFile)).toThrow(/credential/);
    const gatedWithoutApprovers = structuredClone(base);
    gatedWithoutApprovers.tenants[0]!.approval = { actions: ['start'] };
    expect(() => parseTenantsFile(gatedWithoutApprovers)).toThrow(
      /tenants\.0\.approval\.quorum: quorum 1 is more than the 0 approvers of a/,
    );
    const dup = { tenants: [base.tenants[0], base.tenants[0]] };
    expect(() => parseTenantsFile(dup)).toThrow(/duplicate tenant id a/);
  });
});
