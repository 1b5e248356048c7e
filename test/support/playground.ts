/**
 * Browser test harness: the real Microsoft 365 Agents Playground in a child process and
 * headless Debian Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { playgroundCommand, REPO_ROOT, writePlaygroundConfig } from '../../scripts/playground';
import { DEFAULT_PLAYGROUND_USER, type PlaygroundUserKey } from '../../scripts/playground-users';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const MESSAGE_BOX = '[data-lexical-editor="true"][role="textbox"]';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botUrl: string;
  /** Defaults to a free port. */
  port?: number;
  /** Mock user who chats (default alex); see scripts/playground-users.ts. */
  user?: PlaygroundUserKey;
  /** How long to wait for the Playground to answer HTTP (default 30 s). */
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the Playground (current user `opts.user`, default alex) and resolves once it serves its UI.
 * With no `port`, a free port is picked, and picked again if another process takes it first.
 */
export async function startPlayground(opts: StartPlaygroundOptions): Promise<RunningPlayground> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launchPlayground(opts, port);
    } catch (error) {
      if (!(error instanceof PortTaken) || opts.port !== undefined || attempt >= 3) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launchPlayground(opts: StartPlaygroundOptions, port: number): Promise<RunningPlayground> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'cutover-playground-'));
  const logFile = path.join(workDir, 'm365agentsplayground.log');
  const cmd = playgroundCommand({
    botUrl: opts.botUrl,
    port,
    configPath: writePlaygroundConfig(opts.user ?? DEFAULT_PLAYGROUND_USER, workDir),
    logFile,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
  });
  const child = spawn(cmd.command, cmd.args, {
    cwd: REPO_ROOT,
    env: cmd.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Without a TTY the Playground writes its console only to the log file.
  const diagnostics = () => `${output}${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`;
  const close = async () => {
    await killGroup(child);
    rmSync(workDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    const listening = await waitFor(
      deadline,
      child,
      diagnostics,
      async () => /Listening on (\d+)/.exec(output)?.[1],
    );
    if (listening !== String(port)) throw new PortTaken(`Agents Playground could not use port ${port}`);
    await waitFor(deadline, child, diagnostics, () => answersHttp(url));
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

export interface LaunchedBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (playwright-core creates a new user-data dir per launch). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}. Install it with "apt-get update && apt-get install -y chromium" (as root), or run .ci/run.`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    return { browser, page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export interface SendMessageOptions {
  /** @-mention this name first (picked from the mention menu), as group chats and channels require. */
  mention?: string;
}

/** Types `text` into the Playground's message box and presses Enter. */
export async function sendMessage(page: Page, text: string, opts: SendMessageOptions = {}): Promise<void> {
  const box = page.locator(MESSAGE_BOX).first();
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  await box.click();
  if (opts.mention !== undefined) {
    await page.keyboard.type(`@${opts.mention}`);
    await page.getByRole('menuitem', { name: opts.mention }).first().click();
    await page.keyboard.type(' ');
  }
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Opens a conversation from the Playground's left pane: "Personal Chat", a group chat or a channel. */
export async function openChat(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
}

/** Waits until `text` is visible anywhere on the page (a string matches a substring). */
export async function waitForText(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  await page.getByText(text).last().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Clicks the Adaptive Card action titled `name` on the last card that has one. */
export async function clickCardButton(page: Page, name: string | RegExp): Promise<void> {
  const button = () => page.getByRole('button', { name, exact: typeof name === 'string' });
  const card = page.locator('.ac-adaptiveCard').filter({ has: button() }).last();
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  await card
    .getByRole('button', { name, exact: typeof name === 'string' })
    .first()
    .click();
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** Polls `probe` until it returns a value; fails when the Playground exits or the deadline passes. */
async function waitFor<T>(
  deadline: number,
  child: ChildProcess,
  diagnostics: () => string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Agents Playground exited (${child.exitCode ?? child.signalCode}) while starting:\n${diagnostics()}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`Agents Playground did not start in time:\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answersHttp(url: string): Promise<true | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok ? true : undefined;
  } catch {
    return undefined; // not serving yet; the caller retries until its deadline
  }
}

/** Sends SIGTERM to the child's process group, then SIGKILL if it has not exited after 5 s. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
