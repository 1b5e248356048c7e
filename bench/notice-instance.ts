/**
 * One Cutover instance for the two-instance notice benchmark, in its own process, configured by its
 * environment (INSTANCE_ID, the shared Cosmos DB, the simulator). It prints `{"url": ...}` once it
 * listens; its notice worker starts on the line `start` on stdin and stops on `stop` (then it prints
 * `{"stopped": true, "sendStats": ...}`: its send budget's slots claimed, used and gone by); it closes on SIGTERM or when stdin ends.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { startCutover } from '../bot/runtime';

async function main(): Promise<void> {
  const cutover = await startCutover({ env: process.env, log: pino({ level: 'silent' }), startJobs: false });
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    cutover.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', close);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'start') cutover.notices.start();
    if (line === 'stop') {
      cutover.notices
        .stop()
        .then(() =>
          process.stdout.write(
            `${JSON.stringify({ stopped: true, sendStats: cutover.notices.sendStats() })}\n`,
          ),
        );
    }
  });
  lines.on('close', close);
  process.stdout.write(`${JSON.stringify({ url: cutover.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`instance failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
