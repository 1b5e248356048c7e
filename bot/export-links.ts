import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Download links for reports: signed, short-lived, naming one batch. Nothing secret is in the link. */
export interface ExportLinks {
  /** A link to the preflight report of a batch, valid for the configured time. */
  preflight(batchId: string): string;
  /** A link to the per-user statistics of a batch (the report's CSV). */
  report(batchId: string): string;
  /**
   * A link to a tenant's MEU conversion file (staged migrations: the cloud addresses of every migrated
   * user); the token names the tenant where the others name a batch.
   */
  meu(tenantId: string): string;
  /**
   * The batch id a token names, or why it does not. A token is for one kind of download (the
   * preflight's by default): a report link does not open the preflight report, nor the other way round.
   */
  verify(
    token: string,
    kind?: ExportKind,
  ): { ok: true; batchId: string } | { ok: false; reason: 'invalid' | 'expired' };
}

export type ExportKind = 'preflight' | 'report' | 'meu';

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
  const link = (kind: ExportKind, batchId: string) => {
    // Preflight tokens carry no kind (links given out before there were others stay valid).
    const body =
      kind === 'preflight'
        ? { b: batchId, e: now() + options.ttlMs }
        : { b: batchId, e: now() + options.ttlMs, k: kind };
    const payload = b64(JSON.stringify(body));
    const token = `${payload}.${b64(sign(payload))}`;
    return `${options.baseUrl()}/exports/${kind}?t=${token}`;
  };
  return {
    preflight: (batchId) => link('preflight', batchId),
    report: (batchId) => link('report', batchId),
    meu: (tenantId) => link('meu', tenantId),
    verify(token, kind = 'preflight') {
      const [payload, signature] = token.split('.');
      if (!payload || !signature) return { ok: false, reason: 'invalid' };
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'invalid' };
      try {
        const { b, e, k } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
          b: unknown;
          e: unknown;
          k?: unknown;
        };
        if (typeof b !== 'string' || typeof e !== 'number') return { ok: false, reason: 'invalid' };
        if ((k ?? 'preflight') !== kind) return { ok: false, reason: 'invalid' };
        return e < now() ? { ok: false, reason: 'expired' } : { ok: true, batchId: b };
      } catch {
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}
