import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

interface LockPackage {
  dev?: boolean;
}

/**
 * The top-level packages `npm ci --omit=dev` installs, from the lock: every hoisted package not marked
 * dev-only (nested ones live inside their parent's folder and come along with it).
 */
export function productionPackages(root = ROOT): string[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  return Object.entries(lock.packages)
    .filter(([key, pkg]) => key.startsWith('node_modules/') && !pkg.dev)
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => !name.includes('/node_modules/'))
    .filter((name) => existsSync(path.join(root, 'node_modules', name)));
}

/**
 * A folder laid out like the container image: dist/, package.json, and a node_modules that holds only the
 * production packages (links into the repository's node_modules). Code in dist/ cannot resolve a
 * devDependency from there.
 */
export function productionTree(): { dir: string; packages: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cutover-prod-'));
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  const packages = productionPackages();
  for (const name of packages) {
    const target = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', name), target, 'dir');
  }
  return { dir, packages };
}
