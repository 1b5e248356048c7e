import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Text encrypted with AES-256-GCM, for data that must survive a restart but never sit in the store in clear. */
export interface SealedText {
  alg: 'A256GCM';
  /** A fingerprint of the key (not the key), so that a changed key is named instead of failing obscurely. */
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

export interface Sealer {
  seal(plain: string): SealedText;
  /** Null when the text was sealed with another key (a restart without a configured key, a rotated key). */
  open(sealed: SealedText): string | null;
}

/** A sealer over a 32-byte key (base64); without one, a random key that lives as long as the process. */
export function createSealer(base64Key?: string): Sealer {
  const key = base64Key ? Buffer.from(base64Key, 'base64') : randomBytes(32);
  if (key.length !== 32) throw new Error('The sealing key must be 32 bytes, base64-encoded');
  const keyId = createHash('sha256').update(key).digest('base64url').slice(0, 12);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return {
        alg: 'A256GCM',
        keyId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
    },
    open(sealed) {
      if (sealed.keyId !== keyId) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([
          decipher.update(Buffer.from(sealed.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
