/**
 * A child-process entry: one bot instance, configured only by its environment. It prints one JSON line,
 * `{"url": ...}`, on stdout once it listens, and stops gracefully on SIGTERM or SIGINT (exit 0).
 * Run it with `node --import tsx test/multi/bot-process.ts` (see startBotProcess).
 */
import { startCutover } from '../../bot/runtime';
import { stopOnSignals } from '../../bot/shutdown';

async function main(): Promise<void> {
  const cutover = await startCutover({ env: process.env });
  // The product's own graceful stop (bot/shutdown.ts), as `npm start` has it.
  stopOnSignals(cutover, (line) => process.stderr.write(line));
  // The parent going away (its end of the pipe closes) ends this instance too: no orphans.
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: cutover.url, instanceId: cutover.config.instanceId })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bot process failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
