import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { type CosmosTestServer, startCosmosTestServer } from '../services/store/cosmos-test-server';
import { startTestCutover, tempDir } from '../support/cutover';

const COSMOS_KEY = 'readiness-test-account-key';

/**
 * The demo tenants, with Fabrikam's credential replaced by a certificate file that is there (the start-up
 * check passes) but holds no certificate, so no token can be had.
 */
async function tenantsWithBadCredential(dir: string): Promise<string> {
  const badCertificate = path.join(dir, 'not-a-certificate.pem');
  await writeFile(badCertificate, 'not a certificate');
  const demo = JSON.parse(
    await readFile(path.resolve(__dirname, '../../config/tenants.demo.json'), 'utf8'),
  ) as { tenants: { id: string; connection: { credential: unknown } }[] };
  const fabrikam = demo.tenants.find((t) => t.id === 'fabrikam')!;
  fabrikam.connection.credential = {
    kind: 'certificate',
    tenantId: '00000000-0000-0000-0000-0000000000f1',
    clientId: '00000000-0000-0000-0000-0000000000f2',
    certificatePath: badCertificate,
  };
  const file = path.join(dir, 'tenants.json');
  await writeFile(file, JSON.stringify(demo));
  return file;
}

async function readyz(url: string) {
  const response = await fetch(`${url}/readyz`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

describe('GET /readyz', () => {
  let simulator: SimulatorHandle;
  let cosmos: CosmosTestServer;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let cosmosStopped = false;

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 60 });
    cosmos = await startCosmosTestServer();
    const dir = await tempDir('cutover-readiness-');
    bot = await startTestCutover({
      exchangeUrl: simulator.url,
      dataDir: dir,
      env: {
        TENANTS_FILE: await tenantsWithBadCredential(dir),
        STORE: 'cosmos',
        COSMOS_ENDPOINT: cosmos.endpoint,
        COSMOS_KEY,
        // Readiness is about the probe, not the jobs: keep them quiet.
        SYNC_INTERVAL_SECONDS: '3600',
        INTENT_INTERVAL_SECONDS: '3600',
      },
    });
  });
  afterAll(async () => {
    await bot?.close();
    if (!cosmosStopped) await cosmos?.close();
    await simulator?.close();
  });

  it('names the tenant whose Exchange credential fails, and reports the parts that answer', async () => {
    const { status, body, text } = await readyz(bot.url);

    expect(status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.failing).toEqual(['exchange:fabrikam']);
    const parts = body.parts as Record<string, { ok: boolean; error?: string }>;
    expect(Object.keys(parts).sort()).toEqual(
      [
        'store',
        ...bot.tenants.tenants.flatMap((t) => [
          `exchange:${t.id}`,
          ...(t.crossTenant?.source ? [`exchange:${t.id}:source`] : []),
        ]),
      ].sort(),
    );
    expect(parts.store).toMatchObject({ ok: true });
    expect(parts['exchange:northwind']).toMatchObject({ ok: true });
    expect(parts['exchange:northwind:source']).toMatchObject({ ok: true });
    expect(parts['exchange:fabrikam']).toMatchObject({
      ok: false,
      error: 'the credential was refused or no token could be obtained (HTTP 401)',
    });
    // Nothing upstream leaks: no token, no endpoint, no file path, no simulator URL.
    for (const leak of [
      'local-simulator',
      'not-a-certificate.pem',
      simulator.url,
      cosmos.endpoint,
      COSMOS_KEY,
    ]) {
      expect(text).not.toContain(leak);
    }
    // The working tenants were really asked (Get-AcceptedDomain), the broken one never reached Exchange.
    const asked = simulator.calls().filter((c) => c.cmdlet === 'Get-AcceptedDomain');
    expect(asked.map((c) => c.tenant)).toContain('northwindtraders.onmicrosoft.com');
    expect(asked.map((c) => c.tenant)).not.toContain(
      bot.tenants.tenants.find((t) => t.id === 'fabrikam')!.connection.tenant,
    );
  });

  it('keeps /healthz (liveness) at 200 while not ready', async () => {
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('names the store when Cosmos DB stops answering', async () => {
    await cosmos.close();
    cosmosStopped = true;

    const { status, body, text } = await readyz(bot.url);

    expect(status).toBe(503);
    expect(body.failing).toEqual(['store', 'exchange:fabrikam']);
    const parts = body.parts as Record<string, { ok: boolean; error?: string; ms: number }>;
    expect(parts.store!.ok).toBe(false);
    expect(parts.store!.error).toBe('the store did not answer');
    expect(parts['exchange:northwind']).toMatchObject({ ok: true });
    expect(text).not.toContain(cosmos.endpoint);
    expect(text).not.toContain(COSMOS_KEY);
  });
});
