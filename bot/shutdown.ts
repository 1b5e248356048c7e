import type { Cutover } from './runtime';

/** A stop that takes longer than this is cut short (exit 1): App Service waits about as long. */
export const HARD_STOP_MS = 10_000;

/**
 * SIGTERM and SIGINT stop the instance gracefully (Cutover.shutdown) and exit 0; a second signal, or a
 * stop that outlasts HARD_STOP_MS, exits 1 at once.
 */
export function stopOnSignals(cutover: Cutover, write: (line: string) => void = () => undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    write(`\n${signal}: finishing the turns in flight and handing the jobs over…\n`);
    setTimeout(() => {
      write(`stopping took longer than ${HARD_STOP_MS / 1000} s: exiting now\n`);
      process.exit(1);
    }, HARD_STOP_MS).unref();
    cutover.shutdown().then(
      ({ ms, turnsLeft }) => {
        write(`stopped in ${ms} ms${turnsLeft > 0 ? ` (${turnsLeft} turns cut short)` : ''}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        write(`stopping failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
