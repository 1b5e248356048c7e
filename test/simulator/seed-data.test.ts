import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  CONTOSO_ID,
  FABRIKAM_ID,
  getTenants,
  invokeOk,
  type Json,
  NORTHWIND_ID,
  TAILSPIN_ID,
  UNLICENSED,
  WOODGROVE_ID,
} from './sim-client';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

describe('seeded demo tenants', () => {
  let sim: SimulatorHandle;
  let tenants: Json[];
  const byName = (name: string) => tenants.find((t) => t.name === name);

  beforeAll(async () => {
    sim = await startSimulator();
    tenants = await getTenants(sim.url);
  });
  afterAll(() => sim.close());

  it('lists the tenants with stable GUIDs, domains and roles, the first three in their original order', () => {
    expect(tenants.map((t) => [t.id, t.domain, t.displayName, t.role])).toEqual([
      [CONTOSO_ID, 'contoso.onmicrosoft.com', 'Contoso Ltd', 'source'],
      [NORTHWIND_ID, 'northwindtraders.onmicrosoft.com', 'Northwind Traders', 'target'],
      [FABRIKAM_ID, 'fabrikam.onmicrosoft.com', 'Fabrikam Inc', 'hybrid'],
      [TAILSPIN_ID, 'tailspintoys.onmicrosoft.com', 'Tailspin Toys', 'source'],
      [WOODGROVE_ID, 'woodgrovebank.onmicrosoft.com', 'Woodgrove Bank', 'target'],
      [
        '5d1b9e3a-2c7f-4a8d-b6e4-8f2a4c6e1d06',
        'contosomerged.onmicrosoft.com',
        'Contoso Ltd (merged Fabrikam users)',
        'target',
      ],
      ['9f3d7b1e-4a6c-4e8b-a2d5-6c8e0a2f4b07', 'litware.onmicrosoft.com', 'Litware Inc', 'target'],
      [
        '1a5c7e9b-3d2f-4a6c-8e1b-5d7f9a1c3e21',
        'alpineskihouse.onmicrosoft.com',
        'Alpine Ski House',
        'hybrid',
      ],
      ['2b6d8f0c-4e3a-4b7d-9f2c-6e8a0b2d4f22', 'cohowinery.onmicrosoft.com', 'Coho Winery', 'hybrid'],
      ['3c7e9a1d-5f4b-4c8e-a03d-7f9b1c3e5a23', 'proseware.onmicrosoft.com', 'Proseware', 'hybrid'],
      [
        '4d8f0b2e-6a5c-4d9f-b14e-8a0c2d4f6b24',
        'wideworldimporters.onmicrosoft.com',
        'Wide World Importers',
        'hybrid',
      ],
      ['b2d6f0a4-8c1e-4f3a-9d5b-7e9f1a3c5e08', 'adatum.onmicrosoft.com', 'Adatum Corporation', 'target'],
    ]);
    expect(byName('contoso').acceptedDomains).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
    expect(byName('northwindtraders').acceptedDomains).toEqual([
      'northwindtraders.com',
      'northwindtraders.onmicrosoft.com',
      'northwindtraders.mail.onmicrosoft.com',
    ]);
    expect(byName('northwindtraders').endpoints).toMatchObject([
      { name: 'Contoso-CrossTenant', type: 'ExchangeRemoteMove', remoteTenant: 'contoso.onmicrosoft.com' },
    ]);
    expect(byName('fabrikam').endpoints).toMatchObject([
      { name: 'Fabrikam-Hybrid', remoteServer: 'mail.fabrikam.com' },
    ]);
  });

  it('gives Contoso at least 300 first.last user mailboxes of skewed sizes, plus shared mailboxes', () => {
    const recipients: Json[] = byName('contoso').recipients;
    const users = recipients.filter((r) => r.recipientTypeDetails === 'UserMailbox');
    const shared = recipients.filter((r) => r.recipientTypeDetails === 'SharedMailbox');
    expect(users.length).toBeGreaterThanOrEqual(300);
    expect(shared.map((r) => r.email)).toContain('info@contoso.com');
    expect(users.every((r) => /^[a-z]+\.[a-z]+\d*@contoso\.com$/.test(r.email))).toBe(true);
    const sizes = users.map((r) => r.sizeBytes);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(50 * MB);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40 * GB);
    expect(Math.max(...sizes)).toBeGreaterThan(12 * GB);
    const typical = sizes.filter((s) => s >= 1 * GB && s <= 8 * GB).length / sizes.length;
    expect(typical).toBeGreaterThan(0.7);
    expect(users.every((r) => r.itemCount > 0 && r.recipientType === 'Mailbox')).toBe(true);
  });

  it('mirrors every Contoso user as a Northwind MailUser with the same ExchangeGuid (but the seeded mismatches); unlicensed users last', async () => {
    const defects: Json[] = await (await fetch(`${sim.url}/_simulator/defects`)).json();
    const mismatched = new Set(
      defects.filter((d) => d.defect === 'exchange-guid-mismatch').map((d) => d.email),
    );
    const contoso: Json[] = byName('contoso').recipients.filter(
      (r: Json) => r.recipientTypeDetails === 'UserMailbox',
    );
    const northwind: Json[] = byName('northwindtraders').recipients;
    const mailUsers = northwind.filter((r) => r.recipientType === 'MailUser');
    expect(mailUsers).toHaveLength(contoso.length);
    for (const [i, source] of contoso.entries()) {
      const target = mailUsers[i];
      expect(target.email).toBe(source.email.replace('@contoso.com', '@northwindtraders.com'));
      if (mismatched.has(target.email)) expect(target.exchangeGuid).not.toBe(source.exchangeGuid);
      else expect(target.exchangeGuid).toBe(source.exchangeGuid);
      expect(target.externalEmailAddress).toBe(source.email);
    }
    expect(northwind.slice(-3).map((r) => r.email)).toEqual(UNLICENSED);
    expect(northwind.filter((r) => r.seededFailure).map((r) => r.email)).toEqual(UNLICENSED);
  });

  it('gives Fabrikam about 60 MailUsers', () => {
    const recipients: Json[] = byName('fabrikam').recipients;
    expect(recipients).toHaveLength(60);
    expect(recipients.every((r) => r.recipientType === 'MailUser' && r.email.endsWith('@fabrikam.com'))).toBe(
      true,
    );
  });

  it('filters the listing by tenant and answers 404 for an unknown one', async () => {
    expect((await getTenants(sim.url, 'fabrikam.com')).map((t) => t.id)).toEqual([FABRIKAM_ID]);
    expect((await fetch(`${sim.url}/_simulator/tenants?tenant=nowhere`)).status).toBe(404);
  });

  it('is deterministic for a seed, differs for another seed, and extra users leave the base alone', async () => {
    const same = await startSimulator();
    const other = await startSimulator({ seed: 7 });
    const bigger = await startSimulator({ extraMailUsers: 50 });
    try {
      expect(await getTenants(same.url)).toEqual(tenants);
      const otherContoso = (await getTenants(other.url, 'contoso'))[0];
      expect(otherContoso.recipients[0].email).not.toBe(byName('contoso').recipients[0].email);
      const biggerNorthwind = (await getTenants(bigger.url, 'northwindtraders.com'))[0].recipients as Json[];
      const base = byName('northwindtraders').recipients as Json[];
      expect(biggerNorthwind).toHaveLength(base.length + 50);
      expect(biggerNorthwind.slice(0, 317)).toEqual(base.slice(0, 317));
      expect(biggerNorthwind.slice(-3).map((r) => r.email)).toEqual(UNLICENSED);
    } finally {
      await Promise.all([same.close(), other.close(), bigger.close()]);
    }
  });

  it('serves the hybrid endpoint to Fabrikam over InvokeCommand', async () => {
    const endpoints = await invokeOk(sim.url, 'fabrikam.onmicrosoft.com', 'Get-MigrationEndpoint', {
      Type: 'ExchangeRemoteMove',
    });
    expect(endpoints.map((e) => [e.Identity, e.RemoteServer])).toEqual([
      ['Fabrikam-Hybrid', 'mail.fabrikam.com'],
    ]);
    expect(await invokeOk(sim.url, 'contoso.onmicrosoft.com', 'Get-MigrationEndpoint')).toEqual([]);
  });
});
