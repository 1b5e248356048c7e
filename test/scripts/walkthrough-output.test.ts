import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  WALKTHROUGH_DOCS_DIR,
  WALKTHROUGH_OUTPUT_DIR,
  walkthroughOutputDir,
} from '../../scripts/walkthrough-output';

const REPO_ROOT = path.resolve(__dirname, '../..');

describe('npm run walkthrough output', () => {
  it('goes to a folder git ignores unless asked to refresh docs/', () => {
    expect(walkthroughOutputDir([], {})).toBe(WALKTHROUGH_OUTPUT_DIR);
    expect(walkthroughOutputDir([], { WALKTHROUGH_UPDATE_DOCS: '0' })).toBe(WALKTHROUGH_OUTPUT_DIR);
    const screenshot = path.relative(REPO_ROOT, path.join(WALKTHROUGH_OUTPUT_DIR, 'walkthrough.png'));
    // check-ignore exits 0 and echoes the path when git ignores it.
    expect(
      execFileSync('git', ['check-ignore', screenshot], { cwd: REPO_ROOT, encoding: 'utf8' }).trim(),
    ).toBe(screenshot);
  });

  it('refreshes the tracked pictures in docs/ with --update-docs or WALKTHROUGH_UPDATE_DOCS', () => {
    expect(walkthroughOutputDir(['--update-docs'], {})).toBe(WALKTHROUGH_DOCS_DIR);
    expect(walkthroughOutputDir([], { WALKTHROUGH_UPDATE_DOCS: '1' })).toBe(WALKTHROUGH_DOCS_DIR);
    expect(walkthroughOutputDir([], { WALKTHROUGH_UPDATE_DOCS: 'true' })).toBe(WALKTHROUGH_DOCS_DIR);
    const tracked = execFileSync('git', ['ls-files', 'docs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(tracked).toContain('docs/walkthrough.png');
  });

  it('refuses an unknown argument instead of writing somewhere unexpected', () => {
    expect(() => walkthroughOutputDir(['--docs'], {})).toThrow(/Unknown argument "--docs".*--update-docs/);
  });
});
