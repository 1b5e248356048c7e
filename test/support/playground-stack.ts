import { afterAll, beforeAll } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { startTestCutover } from './cutover';
import { type LaunchedBrowser, launchBrowser, startPlayground } from './playground';

/** The parts a browser test drives: the simulator, the bot, the Agents Playground and Chromium on it. */
export interface PlaygroundStack {
  simulator: SimulatorHandle;
  bot: Awaited<ReturnType<typeof startTestCutover>>;
  playground: Awaited<ReturnType<typeof startPlayground>>;
  browser: LaunchedBrowser;
}

/**
 * Starts the whole stack once for the enclosing `describe` (the simulator fast enough that a batch
 * syncs in seconds, the bot on it, the Playground pointed at the bot, Chromium on the Playground's
 * page) and stops it afterwards. The returned object is filled in before the first test runs.
 */
export function usePlaygroundStack(): PlaygroundStack {
  const stack = {} as PlaygroundStack;
  beforeAll(async () => {
    stack.simulator = await startSimulator({ speed: 20_000 });
    stack.bot = await startTestCutover({ exchangeUrl: stack.simulator.url });
    stack.playground = await startPlayground({ botUrl: `${stack.bot.url}/api/messages` });
    stack.browser = await launchBrowser();
    await stack.browser.page.goto(stack.playground.url);
  }, 90_000);
  afterAll(async () => {
    await stack.browser?.close();
    await stack.playground?.close();
    await stack.bot?.close();
    await stack.simulator?.close();
  });
  return stack;
}
