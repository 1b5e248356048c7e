/**
 * Runs the README walkthrough as a person would, on the local demo exactly as `npm start` runs it
 * (demo tenants, embedded simulator at its default speed), in the Agents Playground in headless
 * Chromium. Writes the screenshots and step timings to .data/walkthrough/ (not tracked), or over the
 * ones the README shows in docs/ when asked to refresh them.
 *
 *   npm run walkthrough                                  (.data/walkthrough/)
 *   npm run walkthrough -- --update-docs                 (docs/)
 *   WALKTHROUGH_UPDATE_DOCS=1 npm run walkthrough        (docs/)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCutover } from '../bot/runtime';
import { tempDir } from '../test/support/cutover';
import { launchBrowser, sendMessage, startPlayground } from '../test/support/playground';
import { northwindUsers } from '../test/support/simulator-data';
import { runWalkthrough } from '../test/support/walkthrough';
import { walkthroughOutputDir } from './walkthrough-output';

const USERS = 20;

async function main(): Promise<void> {
  const started = Date.now();
  const DOCS = walkthroughOutputDir(process.argv.slice(2), process.env);
  await mkdir(DOCS, { recursive: true });
  const cutover = await startCutover({
    env: {
      PORT: '0',
      EXCHANGE_SIMULATOR_PORT: '0',
      DATA_DIR: await tempDir('cutover-walkthrough-'),
      LOG_LEVEL: 'warn',
    },
  });
  const playground = await startPlayground({ botUrl: `${cutover.url}/api/messages` });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(playground.url);
    const emails = await northwindUsers(cutover.simulatorUrl!, USERS);
    const steps = await runWalkthrough(page, {
      batch: 'Wave1',
      emails,
      timeoutMs: 300_000,
      onStep: (step) => {
        process.stdout.write(`${step.step}: ${step.seconds} s\n`);
      },
      whileSyncing: async () => {
        // Let the progress bar move for two polls, then take the mid-sync picture.
        await new Promise((resolve) => setTimeout(resolve, 2 * cutover.config.syncIntervalMs + 2000));
        await page.screenshot({ path: path.join(DOCS, 'walkthrough-syncing.png') });
      },
    });
    // The final picture: the batch card, asked for once more so that it is the newest message.
    await sendMessage(page, 'batch status Wave1');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(DOCS, 'walkthrough.png') });
    const result = {
      measuredAt: new Date().toISOString(),
      users: USERS,
      simulatorSpeed: cutover.config.simulator.speed,
      syncIntervalSeconds: cutover.config.syncIntervalMs / 1000,
      steps,
      totalSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    await writeFile(path.join(DOCS, 'walkthrough-timings.json'), `${JSON.stringify(result, null, 2)}\n`);
    const shown = path.relative(process.cwd(), DOCS) || '.';
    process.stdout.write(
      `total: ${result.totalSeconds} s (${shown}/walkthrough-timings.json, ${shown}/walkthrough.png)\n`,
    );
  } finally {
    await browser.close();
    await playground.close();
    await cutover.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
