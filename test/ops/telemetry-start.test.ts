import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = pathToFileURL(path.resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const PROBE = path.resolve(__dirname, 'telemetry-probe.ts');

async function probe(env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--no-deprecation', '--import', TSX_LOADER, PROBE],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    enabled: boolean;
    recording: boolean;
    loaded: boolean;
  };
}

describe('Application Insights', () => {
  it('without APPLICATIONINSIGHTS_CONNECTION_STRING nothing is loaded or started: spans are no-ops', async () => {
    expect(await probe({})).toEqual({ enabled: false, recording: false, provider: 'NoopTracerProvider' });
  }, 60_000);

  it('with it, the Azure Monitor distribution is loaded and records spans', async () => {
    // An ingestion endpoint nobody listens on: nothing leaves the machine, and shutdown still returns.
    const connection =
      'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/';
    expect(await probe({ APPLICATIONINSIGHTS_CONNECTION_STRING: connection })).toEqual({
      enabled: true,
      recording: true,
      provider: 'NodeTracerProvider',
    });
  }, 60_000);
});
