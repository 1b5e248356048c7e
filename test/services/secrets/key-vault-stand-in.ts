import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A self-signed certificate and key for 127.0.0.1, made with OpenSSL (PEM texts). */
export function selfSignedPem(subject = '/CN=127.0.0.1'): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cutover-pem-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-sha256',
        '-days',
        '2',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-subj',
        subject,
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StoredSecret {
  value: string;
  contentType?: string;
  version?: string;
}

export interface KeyVaultStandIn {
  /** https://127.0.0.1:<port> */
  url: string;
  /** The certificate clients must trust (PEM). */
  ca: string;
  /** Every request: method, path, and the Authorization header it carried. */
  requests: { method: string; path: string; authorization?: string }[];
  secrets: Map<string, StoredSecret>;
  close(): Promise<void>;
}

/**
 * Key Vault's secret GET over HTTPS on 127.0.0.1: an unauthenticated request gets the 401 challenge
 * Key Vault sends (authorization and resource), a request with `token` gets the secret bundle, an
 * unknown secret 404 SecretNotFound, any other token 401.
 */
export async function startKeyVaultStandIn(token: string): Promise<KeyVaultStandIn> {
  const tls = selfSignedPem();
  const requests: KeyVaultStandIn['requests'] = [];
  const secrets = new Map<string, StoredSecret>();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? '', path: url.pathname, authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (!authorization) {
        return send(
          401,
          { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
          {
            'www-authenticate':
              'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001", resource="https://vault.azure.net"',
          },
        );
      }
      if (authorization !== `Bearer ${token}`) {
        return send(401, { error: { code: 'Unauthorized', message: 'AKV10032: Invalid issuer.' } });
      }
      const match = /^\/secrets\/([^/]+)(?:\/([^/]*))?$/.exec(url.pathname);
      const secret = match ? secrets.get(match[1]!) : undefined;
      if (!match || req.method !== 'GET' || !secret || (match[2] && match[2] !== (secret.version ?? ''))) {
        return send(404, {
          error: {
            code: 'SecretNotFound',
            message: `A secret with (name/id) ${match?.[1]} was not found in this key vault.`,
          },
        });
      }
      const version = secret.version ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      send(200, {
        value: secret.value,
        contentType: secret.contentType,
        id: `https://127.0.0.1/secrets/${match[1]}/${version}`,
        managed: true,
        kid: `https://127.0.0.1/keys/${match[1]}/${version}`,
        attributes: {
          enabled: true,
          created: 1_700_000_000,
          updated: 1_700_000_000,
          recoveryLevel: 'Recoverable',
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: tls.cert,
    requests,
    secrets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
