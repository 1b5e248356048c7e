import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './production-tree';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  steps: Instruction[];
}

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from, name, steps: [] });
    } else {
      stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1)!;
const steps = (stage: Stage, op: string) => stage.steps.filter((s) => s.op === op).map((s) => s.args);

describe('Dockerfile', () => {
  it('is multi-stage on Node 22 LTS slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toBe('node:22-slim');
  });

  it('runs the compiled bot with plain node as a non-root user', () => {
    const users = steps(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const cmd = JSON.parse(steps(runtime, 'CMD')[0]!) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/bot/main.js');
    expect(steps(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });

  it('checks its health on /healthz', () => {
    const checks = steps(runtime, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatch(/CMD/);
    expect(checks[0]).toContain('/healthz');
  });

  it('puts only dist/, package.json and production dependencies in the image', () => {
    const copies = steps(runtime, 'COPY');
    const sources = copies.map((args) => {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--chown') && !w.startsWith('--chmod'));
      const from = /^--from=(\S+)$/.exec(words[0]!)?.[1];
      return { from, paths: (from ? words.slice(1) : words).slice(0, -1) };
    });
    expect(sources).toEqual(
      expect.arrayContaining([
        { from: 'build', paths: ['/app/dist'] },
        { from: 'deps', paths: ['/app/node_modules'] },
      ]),
    );
    for (const source of sources.filter((s) => !s.from)) expect(source.paths).toEqual(['package.json']);
    const deps = stages.find((s) => s.name === 'deps')!;
    expect(steps(deps, 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).not.toMatch(/\.data/);
  });

  it('copies into the build stage everything the build compiles', () => {
    const build = stages.find((s) => s.name === 'build')!;
    const copied = steps(build, 'COPY').flatMap((args) => args.split(/\s+/).slice(0, -1));
    const buildConfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    for (const entry of [...buildConfig.include, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
      expect(copied).toContain(entry);
    for (const source of copied) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    expect(steps(build, 'RUN')).toContain('npm run build');
  });
});

describe('.dockerignore', () => {
  it('keeps local state, secrets and installed or built folders out of the context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['.data', '.env', '.git', 'node_modules', 'dist']) expect(ignored).toContain(entry);
    // The build stage's sources must not be ignored.
    for (const needed of ['bot', 'cards', 'services', 'simulator', 'config', 'package.json'])
      expect(ignored).not.toContain(needed);
  });
});
