import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOT_PORT,
  DEFAULT_PLAYGROUND_PORT,
  PLAYGROUND_CLI,
  parsePort,
  parseUser,
  playgroundCommand,
} from '../../scripts/playground';
import {
  PLAYGROUND_BOT,
  PLAYGROUND_TENANT_ID,
  PLAYGROUND_USERS,
  renderPlaygroundConfig,
} from '../../scripts/playground-users';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/;

describe('Playground mock tenant', () => {
  it('gives every mock user a distinct Teams id and a GUID Entra object id', () => {
    const users = Object.values(PLAYGROUND_USERS);
    expect(users).toHaveLength(6);
    for (const user of users) expect(user.aadObjectId).toMatch(GUID);
    expect(new Set(users.map((u) => u.aadObjectId)).size).toBe(6);
    expect(new Set(users.map((u) => u.id)).size).toBe(6);
    expect(PLAYGROUND_USERS.alex).toEqual({
      id: 'user-id-0',
      name: 'Alex Wilber',
      givenName: 'Alex',
      surname: 'Wilber',
      email: 'alexw@example.com',
      aadObjectId: '00000000-0000-0000-0000-000000000020',
    });
    expect(PLAYGROUND_TENANT_ID).toMatch(GUID);
    expect(PLAYGROUND_BOT.id).toMatch(GUID);
  });

  it('renders the chosen user as currentUser and the five others as users', () => {
    const yaml = renderPlaygroundConfig('megan');
    const current = yaml.slice(yaml.indexOf('currentUser:'), yaml.indexOf('users:'));
    expect(current).toContain(`aadObjectId: ${PLAYGROUND_USERS.megan.aadObjectId}`);
    const others = yaml.slice(yaml.indexOf('users:'), yaml.indexOf('personalChat:'));
    expect(others.match(/^ {2}- id: /gm)).toHaveLength(5);
    expect(others).not.toContain(PLAYGROUND_USERS.megan.aadObjectId);
    expect(others).toContain(PLAYGROUND_USERS.alex.aadObjectId);
    expect(yaml).toContain('  id: personal-chat-megan');
  });

  it('is committed as .m365agentsplayground.yml with Alex as the default user', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../.m365agentsplayground.yml'), 'utf8');
    expect(committed).toBe(renderPlaygroundConfig('alex'));
  });
});

describe('npm run playground', () => {
  it('runs the Playground CLI for the msteams channel against the bot, telemetry off', () => {
    const cmd = playgroundCommand({
      botUrl: 'http://127.0.0.1:3978/api/messages',
      port: 56150,
      configPath: '/tmp/pg.yml',
      logFile: '/tmp/pg.log',
      env: { TEAMSAPPTESTER_BROWSER: 'none' },
    });
    expect(cmd.command).toBe(process.execPath);
    const start = cmd.args.indexOf(PLAYGROUND_CLI);
    expect(cmd.args[start - 2]).toBe('--import');
    expect(cmd.args.slice(start + 1)).toEqual([
      'start',
      '-e',
      'http://127.0.0.1:3978/api/messages',
      '-c',
      'msteams',
      '-p',
      '56150',
      '--service-url',
      'http://127.0.0.1:56150/_connector',
      '--disable-telemetry',
    ]);
    expect(cmd.env).toEqual({
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: '/tmp/pg.yml',
      M365_AGENTS_PLAYGROUND_LOGFILE: '/tmp/pg.log',
    });
  });

  it('reads ports and the user from the environment, with clear errors', () => {
    expect(parsePort('PORT', undefined, DEFAULT_BOT_PORT)).toBe(3978);
    expect(parsePort('PLAYGROUND_PORT', '', DEFAULT_PLAYGROUND_PORT)).toBe(56150);
    expect(parsePort('PORT', '4000', DEFAULT_BOT_PORT)).toBe(4000);
    expect(() => parsePort('PLAYGROUND_PORT', '70000', DEFAULT_PLAYGROUND_PORT)).toThrow(
      'PLAYGROUND_PORT must be a port number between 1 and 65535; got "70000"',
    );
    expect(parseUser(undefined)).toBe('alex');
    expect(parseUser('Megan')).toBe('megan');
    expect(() => parseUser('mallory')).toThrow(
      'PLAYGROUND_USER must be one of alex, megan, adele, isaiah, patti, lynne; got "mallory"',
    );
  });
});

describe('loopback-only preload', () => {
  it('binds servers that name no host to 127.0.0.1', () => {
    const cmd = playgroundCommand({
      botUrl: 'http://127.0.0.1:1/api/messages',
      port: 1,
      configPath: 'x',
      logFile: 'y',
    });
    const preload = cmd.args.slice(0, 2);
    const script = `
      const http = require('node:http');
      const a = http.createServer().listen(0, () => {
        const b = http.createServer().listen({ port: 0 }, () => {
          console.log([a, b].map((s) => s.address().address).join(' '));
          a.close();
          b.close();
        });
      });`;
    const run = spawnSync(process.execPath, [...preload, '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('127.0.0.1 127.0.0.1');
  });
});
