import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ENTRY = path.resolve(__dirname, 'bot-process.ts');
const TSX_LOADER = pathToFileURL(path.resolve(__dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const ROOT = path.resolve(__dirname, '../..');

export interface BotProcess {
  /** The bot's base URL, e.g. http://127.0.0.1:40123 (POST /api/messages). */
  url: string;
  /** The instance id it writes into leases. */
  instanceId: string;
  pid: number;
  /** Sends the signal (default SIGTERM); resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves with the exit code (or the signal that ended it) when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote on stdout (its log, when LOG_LEVEL is not silent) and stderr so far. */
  output(): string;
}

/** Every process started here and not yet exited: stopAllBotProcesses() ends them. */
const running = new Set<ChildProcess>();

/**
 * Starts one bot instance in a child process (node with tsx's loader) with the given environment on top
 * of a minimal one, and resolves once it listens. PORT=0, EXCHANGE_SIMULATOR_PORT=0 and LOG_LEVEL=silent unless given.
 */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', TSX_LOADER, ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      EXCHANGE_SIMULATOR_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let err = '';
  let out = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const ready = await new Promise<{ url: string; instanceId: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot process did not listen within ${timeoutMs} ms: ${err.slice(0, 2000)}`));
    }, timeoutMs);
    child.stdout?.on('data', () => {
      for (const line of out.split('\n')) {
        if (!line.startsWith('{"url"')) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; instanceId: string });
        return;
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited (${code ?? signal}) before listening: ${err.slice(0, 2000)}`));
    });
  });
  return {
    ...ready,
    pid: child.pid!,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => `${out}${err}`,
  };
}

/** SIGKILLs every bot process still running (for afterAll). */
export async function stopAllBotProcesses(): Promise<void> {
  const waits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}
