import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');

/** Where a walkthrough run writes by default: under .data/, which git ignores. */
export const WALKTHROUGH_OUTPUT_DIR = path.join(REPO_ROOT, '.data', 'walkthrough');

/** The screenshots and timings the README shows, tracked in git. */
export const WALKTHROUGH_DOCS_DIR = path.join(REPO_ROOT, 'docs');

const YES = new Set(['1', 'true', 'yes']);

/**
 * The folder `npm run walkthrough` writes to: docs/ only when asked to refresh the README's pictures
 * (`--update-docs`, or WALKTHROUGH_UPDATE_DOCS=1), otherwise .data/walkthrough/, so that a run leaves
 * the tracked files alone. An unknown argument is refused.
 */
export function walkthroughOutputDir(args: string[], env: NodeJS.ProcessEnv): string {
  for (const arg of args) {
    if (arg !== '--update-docs') {
      throw new Error(`Unknown argument "${arg}"; the only one is --update-docs (write to docs/).`);
    }
  }
  const fromEnv = YES.has((env.WALKTHROUGH_UPDATE_DOCS ?? '').toLowerCase());
  return args.includes('--update-docs') || fromEnv ? WALKTHROUGH_DOCS_DIR : WALKTHROUGH_OUTPUT_DIR;
}
