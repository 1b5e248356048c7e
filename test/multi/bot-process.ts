/**
 * A child-process entry: one bot instance, configured only by its environment. It prints one JSON line,
 * `{"url": ...}`, on stdout once it listens, and closes cleanly on SIGTERM or SIGINT.
 * Run it with `node --import tsx test/multi/bot-process.ts` (see startBotProcess).
 */
import { startCutover } from '../../bot/runtime';

async function main(): Promise<void> {
  const cutover = await startCutover({ env: process.env });
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    cutover.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close after ${signal} failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The parent going away (its end of the pipe closes) ends this instance too: no orphans.
  process.stdin.on('end', () => shutdown('SIGTERM'));
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: cutover.url, instanceId: cutover.config.instanceId })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bot process failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
