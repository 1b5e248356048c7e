import { describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../../services/config/tenants';
import { graphCrossTenantEngineSchema } from '../../../../services/providers/graph-cross-tenant/config';
import { engineVariables } from '../../../../services/providers/engine-config';

const GUID_A = '11111111-2222-4333-8444-555555555555';
const GUID_B = '66666666-7777-4888-9999-aaaaaaaaaaaa';

function tenant(extra: Record<string, unknown>) {
  const connection = {
    endpointUrl: 'https://outlook.office365.com',
    tenant: 'northwind.onmicrosoft.com',
    credential: { kind: 'static', token: 't' },
  };
  return {
    tenants: [
      {
        id: 'northwind',
        displayName: 'Northwind',
        connection,
        engine: { kind: 'graph-cross-tenant' },
        migrationEndpoint: 'Contoso-Endpoint',
        targetDeliveryDomain: 'northwind.mail.onmicrosoft.com',
        approval: { actions: [] },
        ...extra,
      },
    ],
  };
}

describe('the graph-cross-tenant engine configuration', () => {
  it('has the documented defaults', () => {
    expect(graphCrossTenantEngineSchema.parse({ kind: 'graph-cross-tenant' })).toEqual({
      kind: 'graph-cross-tenant',
      apiVersion: 'v1.0',
      workloads: ['Exchange'],
      maxUsersPerJob: 100,
      validationMaxAgeDays: 7,
    });
    expect(
      engineVariables({
        kind: 'graph-cross-tenant',
        apiVersion: 'beta',
        workloads: ['Exchange'],
        maxUsersPerJob: 5,
        validationMaxAgeDays: 7,
      }),
    ).toEqual([]);
  });

  it('takes beta, the four workloads and up to 2,000 users a job; refuses the rest', () => {
    const full = graphCrossTenantEngineSchema.parse({
      kind: 'graph-cross-tenant',
      apiVersion: 'beta',
      workloads: ['Exchange', 'OneDrive', 'Teams', 'Meetings'],
      maxUsersPerJob: 2000,
    });
    expect(full.workloads).toHaveLength(4);
    const bad = (extra: Record<string, unknown>) =>
      graphCrossTenantEngineSchema.safeParse({ kind: 'graph-cross-tenant', ...extra }).success;
    expect(bad({ maxUsersPerJob: 2001 })).toBe(false);
    expect(bad({ maxUsersPerJob: 0 })).toBe(false);
    expect(bad({ workloads: ['SharePoint'] })).toBe(false);
    expect(bad({ workloads: [] })).toBe(false);
    expect(bad({ workloads: ['Exchange', 'Exchange'] })).toBe(false);
    expect(bad({ apiVersion: 'v2' })).toBe(false);
    expect(bad({ validationMaxAgeDays: 8 })).toBe(false);
    expect(bad({ clientSecret: 'x' })).toBe(false);
  });

  it('is refused at load for a tenant without crossTenant, naming the tenant and the field', () => {
    expect(() => parseTenantsFile(tenant({}), 'tenants.json')).toThrow(
      /^tenants\.json: tenant northwind: tenants\.0\.crossTenant: .*graph-cross-tenant engine.*sourceTenantId/,
    );
    const crossTenant = {
      source: {
        endpointUrl: 'https://outlook.office365.com',
        tenant: 'contoso.onmicrosoft.com',
        credential: { kind: 'static', token: 't' },
      },
      sourceTenantId: GUID_A,
      targetTenantId: GUID_B,
      migrationAppId: GUID_A,
    };
    const loaded = parseTenantsFile(tenant({ crossTenant }), 'tenants.json');
    expect(loaded.tenants[0]!.engine).toMatchObject({ kind: 'graph-cross-tenant', maxUsersPerJob: 100 });
  });
});
