import { ConfigError, StoreConfigError } from './config';
import { startCutover } from './runtime';
import { stopOnSignals } from './shutdown';
import { startBanner } from './start-banner';
import { TenantsFileError } from '../services/config/tenants';

async function main(): Promise<void> {
  const cutover = await startCutover();
  const { config } = cutover;
  process.stdout.write(
    startBanner({
      botUrl: cutover.url,
      simulatorUrl: cutover.simulatorUrl,
      authOn: Boolean(config.auth.appId),
      usesDemoTenants: config.usesDemoTenants,
      tenantsFile: config.tenantsFile,
      playgroundPort: process.env.PLAYGROUND_PORT,
    }),
  );
  stopOnSignals(cutover, (line) => process.stdout.write(line));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof TenantsFileError ||
    error instanceof StoreConfigError
  ) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const port = (error as { port?: number }).port;
    process.stderr.write(
      `Cutover could not start: port ${port ?? '(unknown)'} is in use. Stop what holds it, or set PORT (the bot, default 3978) or EXCHANGE_SIMULATOR_PORT (the embedded simulator, default 3979) to another port; 0 picks a free one.\n`,
    );
  } else {
    process.stderr.write(`Cutover could not start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
