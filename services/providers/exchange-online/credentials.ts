import {
  type AccessToken,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  type KeyVaultCertificateConnection,
  keyVaultCertificateCredential,
} from '../../secrets/key-vault-credential';

/** How the app signs in to Exchange Online (app-only, scope https://outlook.office365.com/.default). */
export type ExchangeConnection =
  | { kind: 'secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | ({ kind: 'key-vault-certificate' } & KeyVaultCertificateConnection)
  | { kind: 'managed-identity'; clientId?: string }
  | { kind: 'static'; token: string };

const STATIC_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * A credential that always returns the same token. For the local simulator only:
 * Exchange Online needs a real Entra token, which the other kinds obtain and refresh.
 */
export function staticTokenCredential(token: string): TokenCredential {
  if (token.trim() === '') throw new Error('The static token must not be empty');
  return {
    getToken: async (): Promise<AccessToken> => ({
      token,
      expiresOnTimestamp: Date.now() + STATIC_TOKEN_LIFETIME_MS,
      tokenType: 'Bearer',
    }),
  };
}

export function createCredential(conn: ExchangeConnection): TokenCredential {
  switch (conn.kind) {
    case 'secret':
      return new ClientSecretCredential(conn.tenantId, conn.clientId, conn.clientSecret);
    case 'certificate':
      return new ClientCertificateCredential(conn.tenantId, conn.clientId, conn.certificatePath);
    case 'key-vault-certificate':
      return sharedKeyVaultCredential(conn);
    case 'managed-identity':
      return conn.clientId ? new ManagedIdentityCredential(conn.clientId) : new ManagedIdentityCredential();
    case 'static':
      return staticTokenCredential(conn.token);
  }
}

/** One credential per certificate, so the provider, directory and Graph clients of a tenant read the vault once. */
const keyVaultCredentials = new Map<string, TokenCredential>();

function sharedKeyVaultCredential(conn: KeyVaultCertificateConnection): TokenCredential {
  const key = JSON.stringify([
    conn.vaultUrl,
    conn.certificateName,
    conn.certificateVersion,
    conn.tenantId,
    conn.clientId,
    conn.identityClientId,
  ]);
  let credential = keyVaultCredentials.get(key);
  if (!credential) {
    credential = keyVaultCertificateCredential(conn);
    keyVaultCredentials.set(key, credential);
  }
  return credential;
}
