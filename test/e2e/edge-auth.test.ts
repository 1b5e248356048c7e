import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cutover, startCutover } from '../../bot/runtime';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { makeMessage } from '../support/activities';
import { FAST_JOBS, tempDir } from '../support/cutover';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const INTERNALS =
  /\bat [\w.<>]+ \(|node_modules|[A-Z]\w*Error|https?:\/\/|127\.0\.0\.1|ECONNREFUSED|Failed to load|jwt|signature|[Aa]udience|AppId|expired|[Kk]ey/;

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function token(key: KeyObject, kid: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(
    JSON.stringify({
      iss: ISSUER,
      aud: APP_ID,
      serviceurl: SERVICE_URL,
      nbf: now - 60,
      exp: now + 3600,
      ...claims,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** A stand-in for login.botframework.com's OpenID metadata and keys, that can also fail. */
async function startOpenId(publicJwk: Record<string, unknown>) {
  let mode: 'keys' | 'metadata-500' | 'keys-500' | 'not-json' = 'keys';
  const server: Server = createServer((req, res) => {
    // Separate calls: restify (in this process) changes what writeHead returns.
    const send = (status: number, body: string) => {
      res.statusCode = status;
      res.end(body);
    };
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/openid') {
      if (mode === 'metadata-500') return send(500, 'metadata store down');
      if (mode === 'not-json') return send(200, '<html>');
      return send(200, JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
    }
    if (mode === 'keys-500') return send(500, 'keys store down');
    send(200, JSON.stringify({ keys: [{ ...publicJwk, kid: 'k1', use: 'sig', endorsements: ['msteams'] }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`,
    setMode: (m: typeof mode) => {
      mode = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

async function startWithAuth(simulator: SimulatorHandle, openIdMetadataUrl: string) {
  const captured = capturedLog();
  const bot = await startCutover({
    env: {
      PORT: '0',
      DATA_DIR: await tempDir(),
      EXCHANGE_SIMULATOR_URL: simulator.url,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      ...FAST_JOBS,
    },
    log: captured.log,
    startJobs: false,
    openIdMetadataUrl,
  });
  return { bot, lines: captured.lines };
}

async function post(url: string, authorization?: string) {
  const activity = makeMessage({ text: 'help', serviceUrl: SERVICE_URL });
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: response.status, text: await response.text() };
}

describe('with an app id, a token that fails validation for any reason is answered 401 with no detail', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  let simulator: SimulatorHandle;
  let openId: Awaited<ReturnType<typeof startOpenId>>;
  let bot: Cutover;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 1_000 });
    openId = await startOpenId(publicKey.export({ format: 'jwk' }) as Record<string, unknown>);
    ({ bot, lines } = await startWithAuth(simulator, openId.url));
  });
  afterAll(async () => {
    await bot?.close();
    await openId?.close();
    await simulator?.close();
  });

  const refused = (answer: { status: number; text: string }) => {
    expect(answer.status).toBe(401);
    expect(answer.text).not.toMatch(INTERNALS);
  };

  it('while the OpenID metadata answers 500: 401, and the key-fetch failure is logged', async () => {
    openId.setMode('metadata-500');
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k1')}`));
    expect(lines.some((l) => String(l.msg).includes('signing keys could not be fetched'))).toBe(true);
  });

  it('while the keys answer 500, or the metadata is not JSON: 401', async () => {
    openId.setMode('keys-500');
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k1')}`));
    openId.setMode('not-json');
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k1')}`));
  });

  it('no token, a token that is not a JWT, another scheme: 401', async () => {
    openId.setMode('keys');
    refused(await post(bot.url));
    refused(await post(bot.url, 'Bearer not-a-token'));
    refused(await post(bot.url, `Basic ${b64url('a:b')}`));
  });

  it('a wrong signature, an unknown key, the wrong audience, an expired token, a foreign issuer: 401', async () => {
    openId.setMode('keys');
    refused(await post(bot.url, `Bearer ${token(other, 'k1')}`));
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k2')}`));
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k1', { aud: 'someone-else' })}`));
    refused(
      await post(bot.url, `Bearer ${token(privateKey, 'k1', { exp: Math.floor(Date.now() / 1000) - 3600 })}`),
    );
    refused(await post(bot.url, `Bearer ${token(privateKey, 'k1', { iss: 'https://evil.example' })}`));
    refused(
      await post(bot.url, `Bearer ${token(privateKey, 'k1', { serviceurl: 'https://evil.example/' })}`),
    );
    expect(lines.some((l) => l.msg === 'request refused: token not valid')).toBe(true);
  });

  it('a valid token passes the edge', async () => {
    openId.setMode('keys');
    const answer = await post(bot.url, `Bearer ${token(privateKey, 'k1')}`);
    expect(answer.status).toBe(200);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('with an app id and the OpenID metadata unreachable', () => {
  it('answers 401 without the address, and logs the failure', async () => {
    const simulator = await startSimulator({ speed: 1_000 });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { bot, lines } = await startWithAuth(simulator, `http://127.0.0.1:${port}/openid`);
    try {
      const key = createPrivateKey(
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
          format: 'pem',
          type: 'pkcs8',
        }),
      );
      const answer = await post(bot.url, `Bearer ${token(key, 'k1')}`);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toMatch(INTERNALS);
      expect(answer.text).not.toContain(String(port));
      const logged = lines.find((l) => String(l.msg).includes('signing keys could not be fetched'));
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
    } finally {
      await bot.close();
      await simulator.close();
    }
  });
});
