/**
 * The npm registry reachable from our machines serves only the platform packages for this
 * platform, so `npm install` leaves out of package-lock.json the other platforms' optional
 * binaries (biome, esbuild, rollup), and `npm ci` then refuses the lock as "not in sync".
 *
 * This adds a lock entry for every missing optional dependency, with the os/cpu its name
 * states, so `npm ci` accepts the lock and skips those packages on other platforms.
 * Run it after every `npm install` that changes dependencies:  npm run lock:complete
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

const OSES = [
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name: string): { os?: string[]; cpu?: string[] } {
  const parts = name.split('/').pop()!.split('-');
  const os = OSES.find((o) => parts.includes(o));
  const cpu = CPUS.find((c) => parts.includes(c));
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

/** The optional dependencies that have no entry of their own in the lock. */
export function missingOptionals(packages: Record<string, LockEntry>): { key: string; entry: LockEntry }[] {
  const missing: { key: string; entry: LockEntry }[] = [];
  for (const [where, entry] of Object.entries(packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${where ? `${where}/` : ''}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted] || missing.some((m) => m.key === hoisted)) continue;
      missing.push({
        key: hoisted,
        entry: { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true, ...platformOf(name) },
      });
    }
  }
  return missing;
}

export function completeLockfile(file: string): number {
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const missing = missingOptionals(lock.packages);
  for (const { key, entry } of missing) lock.packages[key] = entry;
  if (missing.length) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return missing.length;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '../package-lock.json');
  process.stdout.write(`package-lock.json: added ${completeLockfile(file)} optional platform entries\n`);
}
