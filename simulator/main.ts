import pino from 'pino';
import { startSimulator } from './index';
import { loadSimulatorEnv } from './simulator-env';

/** Standalone start: `npm run simulator`. See simulator/README.md for the variables. */
async function main(): Promise<void> {
  const loaded = loadSimulatorEnv(process.env);
  if (!loaded.ok) {
    process.stderr.write(`Simulator not started: ${loaded.message}\n`);
    process.exit(1);
  }
  const { env } = loaded;
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const simulator = await startSimulator({ ...env, logger });
  process.stdout.write(
    `Exchange Online simulator on ${simulator.url} (speed ${env.speed}x` +
      `${env.stateFile ? `, state in ${env.stateFile}` : ''})\n` +
      `  InvokeCommand: POST ${simulator.url}/adminapi/beta/<tenant>/InvokeCommand\n` +
      `  Tenants:       GET  ${simulator.url}/_simulator/tenants\n`,
  );
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'simulator did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Simulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
