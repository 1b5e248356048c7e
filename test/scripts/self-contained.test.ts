import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReference, isScanned, scanRepository, scanText } from '../../scripts/self-contained';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** `n` levels up, built from parts so that this file itself refers to nothing outside. */
const up = (n: number) => Array(n).fill('..').join('/');
const WORKSPACE = ['', 'work', 'shared'].join('/');

describe('the repository stands on its own', () => {
  it('no tracked source, test, script, bench or config file refers to a path outside it', () => {
    const found = scanRepository(REPO_ROOT).map(formatReference);
    expect(found, `paths outside the repository:\n${found.join('\n')}`).toEqual([]);
  });
});

describe('scanText', () => {
  const root = path.join('/srv', 'clones', 'repo');
  const lines = (refs: ReturnType<typeof scanText>) => refs.map((r) => `${r.file}:${r.line} ${r.resolved}`);

  it('finds a relative path that climbs out of the repository from its file, with file and line', () => {
    const text = `import x from './x';\nconst schema = readFileSync(path.resolve(__dirname, '${up(3)}/shared/a.json'));\n`;
    expect(lines(scanText(root, 'test/support/schema.ts', text))).toEqual([
      'test/support/schema.ts:2 /srv/clones/shared/a.json',
    ]);
  });

  it('keeps relative paths that stay inside the repository', () => {
    const text = [
      `import { a } from '${up(3)}/services/csv/a';`,
      `const lock = path.resolve(__dirname, '${up(2)}/package-lock.json');`,
      `const dir = path.join(__dirname, '..', 'appPackage');`,
      `const spread = [...list, ...other];`,
      `const ellipsis = '...';`,
    ].join('\n');
    expect(scanText(root, 'test/services/csv/a.test.ts', text)).toEqual([]);
  });

  it('joins the segments of path.resolve(__dirname, ...) before judging them', () => {
    const text = `const top = path.resolve(\n  __dirname,\n  '..',\n  '..',\n);\n`;
    expect(lines(scanText(root, 'scripts/a.ts', text))).toEqual(['scripts/a.ts:3 /srv/clones']);
    expect(scanText(root, 'scripts/b.ts', `path.join(__dirname, '..', 'docs')`)).toEqual([]);
  });

  it('finds a template literal climbing from __dirname', () => {
    const text = `const f = \`\${__dirname}/${up(2)}/hostconfig/light.json\`;`;
    expect(lines(scanText(root, 'bench/a.ts', text))).toEqual([
      'bench/a.ts:1 /srv/clones/hostconfig/light.json',
    ]);
  });

  it('finds absolute paths in the workspace folder and in the folder the repository sits in', () => {
    const text = `const a = '${WORKSPACE}/schemas/x.json';\nconst b = "/srv/clones/shared/y.json";\nconst c = '/usr/bin/chromium';`;
    expect(lines(scanText(root, 'bot/a.ts', text))).toEqual([
      `bot/a.ts:1 ${WORKSPACE}/schemas/x.json`,
      'bot/a.ts:2 /srv/clones/shared/y.json',
    ]);
  });

  it('judges JSON values and package.json scripts from the repository root', () => {
    const json = JSON.stringify({
      $schema: './node_modules/@biomejs/biome/configuration_schema.json',
      scripts: { test: `tsx ${up(1)}/shared/check.ts && vitest run`, ok: 'tsx ./scripts/a.ts' },
    });
    expect(lines(scanText(root, 'package.json', json))).toEqual([
      'package.json:1 /srv/clones/shared/check.ts',
    ]);
  });

  it('follows a shell script from its own folder and from the repository root', () => {
    const ok = `cd "$(dirname "\${BASH_SOURCE[0]}")/.."\nnpm test\n`;
    expect(scanText(root, '.ci/run', ok)).toEqual([]);
    // The sibling folder is named through up(1), so this file does not itself point outside the repository.
    const climbing = `cd "$(dirname "$0")/${up(2)}"\ncp -r ${up(1)}/shared/x .\n`;
    expect(lines(scanText(root, '.ci/run', climbing))).toEqual([
      '.ci/run:1 /srv/clones',
      '.ci/run:2 /srv/clones/shared/x',
    ]);
  });

  it('scans sources, tests, scripts and configs by extension, and .ci/run by name', () => {
    const scanned = [
      'bot/main.ts',
      'vitest.config.ts',
      'biome.json',
      'a.mjs',
      'x.sh',
      '.ci/run',
      'c.yml',
      'Dockerfile',
    ];
    expect(scanned.filter(isScanned)).toEqual(scanned);
    expect(['README.md', 'appPackage/color.png'].filter(isScanned)).toEqual([]);
  });
});
