import { DEFAULT_PORT } from './config';

/** The Agents Playground's port when PLAYGROUND_PORT is not set (scripts/playground.ts uses the same). */
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface BannerFacts {
  /** The bot's base URL as it listens, e.g. http://127.0.0.1:3978. */
  botUrl: string;
  simulatorUrl?: string;
  authOn: boolean;
  usesDemoTenants: boolean;
  tenantsFile: string;
  /** PLAYGROUND_PORT, as `npm run playground` will read it. */
  playgroundPort?: string;
}

/** The Playground's port as `npm run playground` will use it: PLAYGROUND_PORT when it is a port number. */
export function playgroundPort(value: string | undefined): number {
  const port = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(port) && port >= 1 && port <= 65_535
    ? port
    : DEFAULT_PLAYGROUND_PORT;
}

/** What `npm start` prints once the bot listens: where it is, and how to chat with it. */
export function startBanner(facts: BannerFacts): string {
  const botPort = Number(new URL(facts.botUrl).port || 80);
  const playground = botPort === DEFAULT_PORT ? 'npm run playground' : `PORT=${botPort} npm run playground`;
  const lines = [
    `Cutover is running at ${facts.botUrl}/api/messages (health: ${facts.botUrl}/healthz)`,
    facts.simulatorUrl
      ? `Exchange Online simulator: ${facts.simulatorUrl} (tenants: ${facts.simulatorUrl}/_simulator/tenants)`
      : '',
    facts.authOn ? '' : 'Bot authentication is off (no MicrosoftAppId): loopback only.',
    facts.usesDemoTenants
      ? `Demo tenants loaded (config/tenants.demo.json). In another terminal run:  ${playground}`
      : `Tenants from ${facts.tenantsFile}`,
    facts.usesDemoTenants
      ? `Then open http://127.0.0.1:${playgroundPort(facts.playgroundPort)} and say "help".`
      : '',
  ];
  return `\n${lines.filter((line) => line !== '').join('\n')}\n`;
}
