/**
 * `npm run playground`: starts the Microsoft 365 Agents Playground pointed at the local bot.
 *
 * Environment:
 * - `PORT`: the bot's port (default 3978); the Playground calls http://127.0.0.1:PORT/api/messages.
 * - `PLAYGROUND_PORT`: the Playground's port (default 56150).
 * - `PLAYGROUND_USER`: who chats (alex, megan, adele, isaiah, patti, lynne; default alex).
 * - `TEAMSAPPTESTER_BROWSER`: `none` keeps the Playground from opening a browser.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_PORT } from '../bot/config';
import { DEFAULT_PLAYGROUND_PORT } from '../bot/start-banner';
import {
  DEFAULT_PLAYGROUND_USER,
  isPlaygroundUserKey,
  PLAYGROUND_USERS,
  type PlaygroundUserKey,
  renderPlaygroundConfig,
} from './playground-users';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const PLAYGROUND_CLI = path.join(REPO_ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');
export const DEFAULT_BOT_PORT = DEFAULT_PORT;
export { DEFAULT_PLAYGROUND_PORT };

export interface PlaygroundCommandOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botUrl: string;
  port: number;
  /** Playground config file (YAML) that names the mock tenant and the current user. */
  configPath: string;
  logFile: string;
  /** Base environment; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface PlaygroundCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Node runs the Playground's own CLI (the `agentsplayground` bin) with a preload that binds its
 * servers to 127.0.0.1: the Playground listens on all interfaces by default and calls the bot,
 * which runs without authentication locally, so it must not be reachable from the network.
 */
export function playgroundCommand(opts: PlaygroundCommandOptions): PlaygroundCommand {
  return {
    command: process.execPath,
    args: [
      '--import',
      `data:text/javascript,${encodeURIComponent(LOOPBACK_ONLY_PRELOAD)}`,
      PLAYGROUND_CLI,
      'start',
      '-e',
      opts.botUrl,
      '-c',
      'msteams',
      '-p',
      String(opts.port),
      '--service-url',
      `http://127.0.0.1:${opts.port}/_connector`,
      '--disable-telemetry',
    ],
    env: {
      ...(opts.env ?? process.env),
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: opts.configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: opts.logFile,
    },
  };
}

/** Writes the Playground config for `user` into `dir` and returns its path. */
export function writePlaygroundConfig(user: PlaygroundUserKey, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `m365agentsplayground.${user}.yml`);
  writeFileSync(file, renderPlaygroundConfig(user));
  return file;
}

export function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number between 1 and 65535; got "${value}"`);
  }
  return port;
}

export function parseUser(value: string | undefined): PlaygroundUserKey {
  if (value === undefined || value === '') return DEFAULT_PLAYGROUND_USER;
  const key = value.toLowerCase();
  if (!isPlaygroundUserKey(key)) {
    throw new Error(
      `PLAYGROUND_USER must be one of ${Object.keys(PLAYGROUND_USERS).join(', ')}; got "${value}"`,
    );
  }
  return key;
}

/** Resolves when something answers TCP connections on 127.0.0.1:port. */
export function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const botPort = parsePort('PORT', env.PORT, DEFAULT_BOT_PORT);
  const port = parsePort('PLAYGROUND_PORT', env.PLAYGROUND_PORT, DEFAULT_PLAYGROUND_PORT);
  const user = parseUser(env.PLAYGROUND_USER);
  if (await isPortTaken(port)) {
    throw new Error(`Port ${port} is in use; set PLAYGROUND_PORT to a free port`);
  }
  const devTools = path.join(REPO_ROOT, 'devTools');
  const botUrl = `http://127.0.0.1:${botPort}/api/messages`;
  const cmd = playgroundCommand({
    botUrl,
    port,
    configPath: writePlaygroundConfig(user, devTools),
    logFile: path.join(devTools, 'm365agentsplayground.log'),
    env,
  });
  const who = PLAYGROUND_USERS[user];
  console.log(`Agents Playground: http://127.0.0.1:${port}/ -> bot ${botUrl}`);
  console.log(`Chatting as ${who.name} (aadObjectId ${who.aadObjectId}); set PLAYGROUND_USER to switch.`);
  if ((await isPortTaken(botPort)) === false) {
    console.log(`Nothing answers on port ${botPort} yet: start the bot with "npm start" (PORT=${botPort}).`);
  }
  const child = spawn(cmd.command, cmd.args, { env: cmd.env, cwd: REPO_ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
  });
}

/** Source of the `--import` preload: listen() calls without a host bind to 127.0.0.1. */
const LOOPBACK_ONLY_PRELOAD = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  } else if (first && typeof first === 'object' && first.host === undefined && first.path === undefined
    && first.fd === undefined && first.handle === undefined && first._handle === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
`;

if (require.main === module) {
  main(process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
