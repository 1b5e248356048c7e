import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCutover } from '../../../bot/runtime';
import { loadTenantsFile, TenantsFileError } from '../../../services/config/tenants';
import { tempDir } from '../../support/cutover';

const PASSWORD = 'never-shown-migrationwiz-password';

function tenant(id: string, engine?: Record<string, unknown>) {
  return {
    id,
    displayName: id,
    scenarios: ['third-party'],
    connection: {
      endpointUrl: 'https://outlook.office365.com',
      tenant: `${id}.onmicrosoft.com`,
      credential: { kind: 'static', token: 't' },
    },
    ...(engine ? { engine } : {}),
    migrationEndpoint: 'MigrationWiz',
    targetDeliveryDomain: `${id}.onmicrosoft.com`,
    approval: { actions: [] },
  };
}

const migrationWiz = (overrides: Record<string, unknown> = {}) => ({
  kind: 'migrationwiz',
  workgroupId: '1b7e4c2a-9d3f-4e8b-a6c1-2f5d7e9a0b31',
  account: { emailAddress: 'migration@contoso.com', passwordEnv: 'MWZ_TEST_PASSWORD' },
  source: { type: 'Office365', adminUsername: 'admin@fabrikam.com', adminPasswordEnv: 'MWZ_TEST_SOURCE' },
  target: { type: 'Office365' },
  ...overrides,
});

describe('the engine of each tenant, checked when the tenants file is loaded', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('cutover-engines-');
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

  it('defaults to Exchange Online and takes a MigrationWiz engine whose variables are set', async () => {
    const file = await write([tenant('northwind'), tenant('contoso', migrationWiz())]);
    const loaded = loadTenantsFile(file, { MWZ_TEST_PASSWORD: PASSWORD, MWZ_TEST_SOURCE: PASSWORD });
    expect(loaded.tenants.map((t) => t.engine.kind)).toEqual(['exchange-online', 'migrationwiz']);
    const engine = loaded.tenants[1]!.engine;
    expect(engine).toMatchObject({
      url: 'https://www.migrationwiz.com/API/2.0/WebService.asmx',
      maxSimultaneousMigrations: 100,
      prestageOlderThanDays: 90,
    });
  });

  it('names the tenant and the field of an unknown engine kind', async () => {
    const file = await write([tenant('northwind'), tenant('contoso', { kind: 'bittorrent' })]);
    const error = failure(() => loadTenantsFile(file, {}));
    expect(error.message).toMatch(new RegExp(`^${file}: tenant contoso: tenants\\.1\\.engine\\.kind: `));
    expect(error.message).toMatch(/'exchange-online' \| 'migrationwiz'/);
  });

  it('names the tenant and the field of a password written in the file instead of a variable', async () => {
    const inline = migrationWiz({ account: { emailAddress: 'migration@contoso.com', password: PASSWORD } });
    const file = await write([tenant('contoso', inline)]);
    const error = failure(() => loadTenantsFile(file, {}));
    expect(error.message).toMatch(/tenant contoso: tenants\.0\.engine\.account/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('names the tenant, the field and the variable that is not set, never a value', async () => {
    const file = await write([tenant('contoso', migrationWiz())]);
    expect(failure(() => loadTenantsFile(file, { MWZ_TEST_SOURCE: PASSWORD })).message).toBe(
      `${file}: tenants.0.engine.account.passwordEnv: tenant contoso: names MWZ_TEST_PASSWORD, which is not set`,
    );
    expect(failure(() => loadTenantsFile(file, { MWZ_TEST_PASSWORD: PASSWORD })).message).toBe(
      `${file}: tenants.0.engine.source.adminPasswordEnv: tenant contoso: names MWZ_TEST_SOURCE, which is not set`,
    );
  });

  it('stops the bot at start with that one message, before it listens', async () => {
    const file = await write([tenant('contoso', migrationWiz())]);
    delete process.env.MWZ_TEST_PASSWORD;
    const started = startCutover({
      env: { PORT: '0', DATA_DIR: dir, TENANTS_FILE: file, LOG_LEVEL: 'silent' },
    });
    await expect(started).rejects.toBeInstanceOf(TenantsFileError);
    await expect(started).rejects.toThrow(/tenant contoso: names MWZ_TEST_PASSWORD, which is not set/);
  });
});
