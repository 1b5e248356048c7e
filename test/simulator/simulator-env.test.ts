import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSimulatorEnv } from '../../simulator/simulator-env';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('loadSimulatorEnv', () => {
  it('uses the documented defaults', () => {
    expect(loadSimulatorEnv({})).toEqual({ ok: true, env: { port: 5980, host: '127.0.0.1', speed: 60 } });
  });

  it('reads every variable', () => {
    expect(
      loadSimulatorEnv({
        SIMULATOR_PORT: '6001',
        SIMULATOR_HOST: '127.0.0.1',
        SIMULATOR_SPEED: '0.5',
        SIMULATOR_STATE_FILE: '.data/exchange.json',
      }),
    ).toEqual({
      ok: true,
      env: { port: 6001, host: '127.0.0.1', speed: 0.5, stateFile: '.data/exchange.json' },
    });
  });

  it('names the variable and the rule when a value is bad', () => {
    expect(loadSimulatorEnv({ SIMULATOR_SPEED: 'fast' })).toEqual({
      ok: false,
      message: 'SIMULATOR_SPEED="fast" must be a number.',
    });
    expect(loadSimulatorEnv({ SIMULATOR_SPEED: '-2' })).toEqual({
      ok: false,
      message: 'SIMULATOR_SPEED="-2" must be a positive number (simulated seconds per real second).',
    });
    expect(loadSimulatorEnv({ SIMULATOR_PORT: '70000' })).toEqual({
      ok: false,
      message: 'SIMULATOR_PORT="70000" must be from 0 to 65535.',
    });
  });
});

function run(env: Record<string, string>) {
  const child = spawn(TSX, [join(ROOT, 'simulator', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run simulator (simulator/main.ts)', () => {
  it('exits 1 with one clear message for a bad variable', async () => {
    const proc = run({ SIMULATOR_SPEED: 'fast' });
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr.trim()).toBe(
      'Simulator not started: SIMULATOR_SPEED="fast" must be a number.',
    );
  });

  it('starts, prints its URL and serves the tenants', async () => {
    const proc = run({ SIMULATOR_PORT: '0' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no URL printed: ${JSON.stringify(proc.output())}`)),
          20_000,
        );
        proc.child.stdout.on('data', () => {
          const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output().stdout);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const tenants = (await (await fetch(`${url}/_simulator/tenants`)).json()) as { domain: string }[];
      expect(tenants.map((t) => t.domain)).toEqual([
        'contoso.onmicrosoft.com',
        'northwindtraders.onmicrosoft.com',
        'fabrikam.onmicrosoft.com',
        'tailspintoys.onmicrosoft.com',
        'woodgrovebank.onmicrosoft.com',
        'contosomerged.onmicrosoft.com',
        'litware.onmicrosoft.com',
        'alpineskihouse.onmicrosoft.com',
        'cohowinery.onmicrosoft.com',
        'proseware.onmicrosoft.com',
        'wideworldimporters.onmicrosoft.com',
        'adatum.onmicrosoft.com',
      ]);
      expect(proc.output().stdout).toContain('(speed 60x)');
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });
});
