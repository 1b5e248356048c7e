import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessage, postActivity } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { startConnectorCapture } from '../support/connector';
import { cardOf, cardText, eventually } from '../support/cutover';
import { productionTree, ROOT } from './production-tree';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The package a module specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('production build', () => {
  let tree: { dir: string; packages: string[] };
  let child: ChildProcess | undefined;
  let output = '';
  let botUrl = '';
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    tree = productionTree();
    connector = await startConnectorCapture();
    child = spawn(process.execPath, ['--no-deprecation', 'dist/bot/main.js'], {
      cwd: tree.dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        EXCHANGE_SIMULATOR_PORT: '0',
        DATA_DIR: path.join(tree.dir, 'data'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    botUrl = await eventually(
      () => {
        if (child!.exitCode !== null) throw new Error(`the compiled bot exited: ${output}`);
        return /Cutover is running at (http:\/\/\S+)\/api\/messages/.exec(output)?.[1];
      },
      30_000,
      'the compiled bot to listen',
    );
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await connector?.close();
    if (tree) rmSync(tree.dir, { recursive: true, force: true });
  });

  it('has a build and a start:prod script that runs the compiled bot with plain node', () => {
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(pkg.scripts['start:prod']).toMatch(/^node (--\S+ )*dist\/bot\/main\.js$/);
  });

  it('compiles the bot, its card templates and the demo tenants into dist/', () => {
    expect(existsSync(path.join(ROOT, 'dist/bot/main.js'))).toBe(true);
    const templates = readdirSync(path.join(ROOT, 'cards/templates'));
    expect(readdirSync(path.join(ROOT, 'dist/cards/templates')).sort()).toEqual(templates.sort());
    const json = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as unknown;
    expect(json('dist/config/tenants.demo.json')).toEqual(json('config/tenants.demo.json'));
    // Tests, scripts and benchmarks are not part of the product.
    expect(readdirSync(path.join(ROOT, 'dist')).sort()).toEqual(
      ['bot', 'cards', 'config', 'services', 'simulator'].sort(),
    );
  });

  it('requires only Node built-ins and production dependencies from compiled code', () => {
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];
    for (const file of jsFiles(path.join(ROOT, 'dist'))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const name = packageOf(specifier);
        if (!(name in pkg.dependencies)) offenders.push(`${path.relative(ROOT, file)} requires ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('runs in a tree where devDependencies cannot be resolved', () => {
    const resolveFromDist = createRequire(path.join(tree.dir, 'dist/bot/main.js'));
    for (const dev of ['tsx', 'pino-pretty', 'ajv', 'vitest', 'typescript'])
      expect(() => resolveFromDist.resolve(dev), dev).toThrow(/Cannot find module/);
    expect(resolveFromDist.resolve('restify')).toContain('restify');
  });

  it('answers GET /healthz and GET /readyz', async () => {
    const health = await fetch(`${botUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${botUrl}/readyz`);
    const body = (await ready.json()) as { status: string; parts: Record<string, { ok: boolean }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.parts.store).toMatchObject({ ok: true });
    expect(body.parts['exchange:northwind']).toMatchObject({ ok: true });
  });

  it('answers help over HTTP with a valid card', async () => {
    const response = await postActivity(botUrl, makeMessage({ text: 'help', serviceUrl: connector.url }));
    expect(response.status).toBe(200);
    const reply = await eventually(
      () => connector.calls.find((c) => c.kind === 'reply'),
      10_000,
      'the reply to help',
    );
    const card = cardOf(reply.body);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('batch new');
    expect(text).toContain('Your roles: admin, operator, approver, viewer');
    expect(output).not.toMatch(/Error|Cannot find module/);
  });
});
