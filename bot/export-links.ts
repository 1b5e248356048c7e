import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Download links for reports: signed, short-lived, naming one batch. Nothing secret is in the link. */
export interface ExportLinks {
  /** A link to the preflight report of a batch, valid for the configured time. */
  preflight(batchId: string): string;
  /** The batch id a token names, or why it does not. */
  verify(token: string): { ok: true; batchId: string } | { ok: false; reason: 'invalid' | 'expired' };
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function createExportLinks(options: {
  /** HMAC key; instances behind one address must share it. */
  secret?: string;
  baseUrl: () => string;
  ttlMs: number;
  now?: () => number;
}): ExportLinks {
  const key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
  const now = options.now ?? Date.now;
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    preflight(batchId) {
      const payload = b64(JSON.stringify({ b: batchId, e: now() + options.ttlMs }));
      const token = `${payload}.${b64(sign(payload))}`;
      return `${options.baseUrl()}/exports/preflight?t=${token}`;
    },
    verify(token) {
      const [payload, signature] = token.split('.');
      if (!payload || !signature) return { ok: false, reason: 'invalid' };
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'invalid' };
      try {
        const { b, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
          b: unknown;
          e: unknown;
        };
        if (typeof b !== 'string' || typeof e !== 'number') return { ok: false, reason: 'invalid' };
        return e < now() ? { ok: false, reason: 'expired' } : { ok: true, batchId: b };
      } catch {
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}
