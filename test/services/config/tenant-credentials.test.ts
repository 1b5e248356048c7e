import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCutover } from '../../../bot/runtime';
import { loadTenantsFile, TenantsFileError } from '../../../services/config/tenants';
import { tempDir } from '../../support/cutover';

const SECRET_VALUE = 'never-shown-client-secret';

function tenant(id: string, credential: Record<string, unknown>, source?: Record<string, unknown>) {
  const connection = (c: Record<string, unknown>) => ({
    endpointUrl: 'https://outlook.office365.com',
    tenant: `${id}.onmicrosoft.com`,
    credential: c,
  });
  return {
    id,
    displayName: id,
    scenarios: ['cross-tenant'],
    connection: connection(credential),
    migrationEndpoint: 'E',
    targetDeliveryDomain: `${id}.mail.onmicrosoft.com`,
    approval: { actions: [] },
    ...(source
      ? {
          crossTenant: {
            source: connection(source),
            sourceTenantId: '00000000-0000-0000-0000-0000000000a1',
            targetTenantId: '00000000-0000-0000-0000-0000000000a2',
            migrationAppId: '00000000-0000-0000-0000-0000000000a3',
          },
        }
      : {}),
  };
}

const secret = (name: string) => ({
  kind: 'secret',
  tenantId: '00000000-0000-0000-0000-0000000000c1',
  clientId: '00000000-0000-0000-0000-0000000000c2',
  clientSecretEnv: name,
});
const certificate = (file: string) => ({
  kind: 'certificate',
  tenantId: '00000000-0000-0000-0000-0000000000d1',
  clientId: '00000000-0000-0000-0000-0000000000d2',
  certificatePath: file,
});
const STATIC = { kind: 'static', token: 't' };

describe('credentials checked when the tenants file is loaded', () => {
  let dir: string;
  let pem: string;
  beforeAll(async () => {
    dir = await tempDir('cutover-credentials-');
    pem = path.join(dir, 'exo.pem');
    await writeFile(pem, 'a certificate');
  });

  async function write(tenants: unknown[]): Promise<string> {
    const file = path.join(dir, `tenants-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify({ tenants }));
    return file;
  }

  function failure(run: () => unknown): TenantsFileError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(TenantsFileError);
      return error as TenantsFileError;
    }
    throw new Error('the tenants file was accepted');
  }

  it('accepts credentials that are all there: a set variable, a readable certificate, static and managed ones', async () => {
    const file = await write([
      tenant('contoso', secret('CONTOSO_EXO_SECRET')),
      tenant('litware', certificate(pem), STATIC),
      tenant('fabrikam', { kind: 'managed-identity' }),
    ]);
    const loaded = loadTenantsFile(file, { CONTOSO_EXO_SECRET: SECRET_VALUE });
    expect(loaded.tenants.map((t) => t.id)).toEqual(['contoso', 'litware', 'fabrikam']);
  });

  it('names the tenant, the field and the variable of a client secret that is not set, never a value', async () => {
    const file = await write([tenant('contoso', secret('CONTOSO_EXO_SECRET'))]);
    for (const env of [{}, { CONTOSO_EXO_SECRET: '' }, { OTHER: SECRET_VALUE }]) {
      const error = failure(() => loadTenantsFile(file, env));
      expect(error.message).toBe(
        `${file}: tenants.0.connection.credential: tenant contoso: clientSecretEnv names CONTOSO_EXO_SECRET, which is not set (it holds the client secret)`,
      );
      expect(error.message).not.toContain(SECRET_VALUE);
    }
  });

  it('names the tenant, the field and the path of a certificate that is missing or not a file', async () => {
    const missing = path.join(dir, 'missing.pem');
    const file = await write([tenant('contoso', STATIC), tenant('litware', certificate(missing))]);
    expect(failure(() => loadTenantsFile(file, {})).message).toBe(
      `${file}: tenants.1.connection.credential: tenant litware: certificatePath ${missing} cannot be read (no such file)`,
    );
    const folder = path.join(dir, 'a-folder.pem');
    await mkdir(folder, { recursive: true });
    const notFile = await write([tenant('litware', certificate(folder))]);
    expect(failure(() => loadTenantsFile(notFile, {})).message).toBe(
      `${notFile}: tenants.0.connection.credential: tenant litware: certificatePath ${folder} is not a file`,
    );
  });

  it("checks a cross-tenant pair's source credential too", async () => {
    const file = await write([tenant('northwind', STATIC, secret('NORTHWIND_SOURCE_SECRET'))]);
    expect(failure(() => loadTenantsFile(file, {})).message).toBe(
      `${file}: tenants.0.crossTenant.source.credential: tenant northwind: clientSecretEnv names NORTHWIND_SOURCE_SECRET, which is not set (it holds the client secret)`,
    );
  });

  it('stops the bot at start, before it listens or calls Exchange', async () => {
    const file = await write([tenant('contoso', secret('CUTOVER_TEST_UNSET_SECRET'))]);
    delete process.env.CUTOVER_TEST_UNSET_SECRET;
    const started = startCutover({
      env: { PORT: '0', DATA_DIR: dir, TENANTS_FILE: file, LOG_LEVEL: 'silent' },
    });
    await expect(started).rejects.toBeInstanceOf(TenantsFileError);
    await expect(started).rejects.toThrow(/tenant contoso: clientSecretEnv names CUTOVER_TEST_UNSET_SECRET/);
  });
});
