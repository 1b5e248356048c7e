import { ConfigError, StoreConfigError } from './config';
import { startCutover } from './runtime';
import { TenantsFileError } from '../services/config/tenants';

async function main(): Promise<void> {
  const cutover = await startCutover();
  const { config } = cutover;
  const lines = [
    '',
    `Cutover is running at ${cutover.url}/api/messages (health: ${cutover.url}/healthz)`,
    cutover.simulatorUrl
      ? `Exchange Online simulator: ${cutover.simulatorUrl} (tenants: ${cutover.simulatorUrl}/_simulator/tenants)`
      : '',
    config.auth.appId ? '' : 'Bot authentication is off (no MicrosoftAppId): loopback only.',
    config.usesDemoTenants
      ? 'Demo tenants loaded (config/tenants.demo.json). In another terminal run:  npm run playground'
      : `Tenants from ${config.tenantsFile}`,
    config.usesDemoTenants ? 'Then open http://127.0.0.1:56150 and say "help".' : '',
    '',
  ];
  process.stdout.write(lines.filter((l, i) => l || i === 0 || i === lines.length - 1).join('\n'));
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping…\n`);
    await cutover.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof TenantsFileError ||
    error instanceof StoreConfigError
  ) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Cutover could not start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
