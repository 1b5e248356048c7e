import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingOptionals } from '../../scripts/complete-lockfile';

describe('package-lock.json', () => {
  it('has an entry for every optional platform package, so npm ci accepts it (run npm run lock:complete)', () => {
    const lock = JSON.parse(readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8'));
    expect(missingOptionals(lock.packages).map((m) => m.key)).toEqual([]);
  });

  it('derives the platform of an added entry from its name', () => {
    const missing = missingOptionals({
      'node_modules/tool': {
        version: '1.0.0',
        dev: true,
        optionalDependencies: { '@tool/cli-darwin-arm64': '1.0.0', '@tool/linux-x64-gnu': '1.0.0' },
      },
    });
    expect(missing).toEqual([
      {
        key: 'node_modules/@tool/cli-darwin-arm64',
        entry: { version: '1.0.0', dev: true, optional: true, os: ['darwin'], cpu: ['arm64'] },
      },
      {
        key: 'node_modules/@tool/linux-x64-gnu',
        entry: { version: '1.0.0', dev: true, optional: true, os: ['linux'], cpu: ['x64'] },
      },
    ]);
  });
});
