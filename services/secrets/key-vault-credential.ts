import {
  type AccessToken,
  ClientCertificateCredential,
  DefaultAzureCredential,
  type GetTokenOptions,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { keyVaultSecretReader, readCertificatePem, type SecretReader } from './key-vault-certificate';

/** An Exchange app that signs in with a certificate kept in Key Vault. */
export interface KeyVaultCertificateConnection {
  tenantId: string;
  clientId: string;
  /** https://<vault>.vault.azure.net */
  vaultUrl: string;
  certificateName: string;
  /** A fixed version; without it the current one (and a renewed one after the next refresh). */
  certificateVersion?: string;
  /** The managed identity that reads the vault (the bot's user-assigned identity). */
  identityClientId?: string;
}

export interface KeyVaultCredentialDeps {
  /** Reads the vault; default: SecretClient signed in with the managed identity. */
  reader?: (vaultUrl: string, identity: TokenCredential) => SecretReader;
  /** Builds the Exchange credential from the PEM; default ClientCertificateCredential. */
  fromPem?: (tenantId: string, clientId: string, pem: string) => TokenCredential;
  /** The identity that reads the vault; default the managed identity `identityClientId` names. */
  identity?: (clientId: string | undefined) => TokenCredential;
  now?: () => number;
}

/** A renewed certificate is picked up this long after it lands in the vault, without a restart. */
export const CERTIFICATE_REFRESH_MS = 6 * 60 * 60 * 1000;

const defaultIdentity = (clientId: string | undefined): TokenCredential =>
  clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();

/**
 * A TokenCredential that reads the certificate from Key Vault on its first token request (and again
 * every CERTIFICATE_REFRESH_MS, or after a failure), then signs in with it from memory. The certificate
 * never touches the disk. A failure says which vault and certificate, and why, never what it holds.
 */
export function keyVaultCertificateCredential(
  conn: KeyVaultCertificateConnection,
  deps: KeyVaultCredentialDeps = {},
): TokenCredential {
  const now = deps.now ?? Date.now;
  const identity = (deps.identity ?? defaultIdentity)(conn.identityClientId);
  const reader = (deps.reader ?? keyVaultSecretReader)(conn.vaultUrl, identity);
  const fromPem =
    deps.fromPem ??
    ((tenantId: string, clientId: string, pem: string) =>
      new ClientCertificateCredential(tenantId, clientId, { certificate: pem }));
  let current: { credential: Promise<TokenCredential>; loadedAt: number } | undefined;

  const load = async (): Promise<TokenCredential> => {
    try {
      const pem = await readCertificatePem(reader, conn.certificateName, conn.certificateVersion);
      return fromPem(conn.tenantId, conn.clientId, pem);
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      throw new Error(
        `Could not read certificate ${conn.certificateName} from Key Vault ${conn.vaultUrl}: ${reason}`,
      );
    }
  };

  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      if (!current || now() - current.loadedAt >= CERTIFICATE_REFRESH_MS) {
        // A failed refresh keeps the certificate already in hand (it is tried again at the next refresh).
        const previous = current?.credential;
        const loading = previous ? load().catch(() => previous) : load();
        current = { credential: loading, loadedAt: now() };
        loading.catch(() => {
          if (current?.credential === loading) current = undefined;
        });
      }
      return (await current.credential).getToken(scopes, options);
    },
  };
}
