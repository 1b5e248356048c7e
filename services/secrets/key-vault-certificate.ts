import type { TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';

/**
 * An Exchange app's certificate kept in Key Vault. Key Vault serves a certificate's private key as the
 * secret of the same name; Cutover reads it with the managed identity and keeps it in memory only.
 */

/** What Cutover needs of Key Vault: one secret by name (the shape of SecretClient.getSecret). */
export interface SecretReader {
  getSecret(
    name: string,
    options?: { version?: string },
  ): Promise<{ value?: string; properties: { contentType?: string } }>;
}

/** The real reader: @azure/keyvault-secrets over HTTPS, signed in with `credential`. */
export function keyVaultSecretReader(
  vaultUrl: string,
  credential: TokenCredential,
  options: SecretClientOptions = {},
): SecretReader {
  return new SecretClient(vaultUrl, credential, options);
}

export class CertificateFormatError extends Error {
  readonly code = 'certificate_invalid';
}

const PEM_CONTENT_TYPE = 'application/x-pem-file';
const PKCS12_CONTENT_TYPE = 'application/x-pkcs12';
const PRIVATE_KEY =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Reads the certificate `name` (optionally one version) and returns its PEM: the private key and the
 * certificate, as ClientCertificateCredential takes them. Errors name the certificate, never its content.
 */
export async function readCertificatePem(
  reader: SecretReader,
  name: string,
  version?: string,
): Promise<string> {
  const secret = await reader.getSecret(name, version ? { version } : {});
  const value = secret.value ?? '';
  const contentType = secret.properties.contentType?.toLowerCase();
  if (contentType === PKCS12_CONTENT_TYPE || (!value.includes('-----BEGIN') && value.length > 0)) {
    throw new CertificateFormatError(
      `certificate ${name} is kept as PKCS#12 (PFX); import it in PEM form (a policy with secretProperties.contentType "${PEM_CONTENT_TYPE}", see docs/deploy.md)`,
    );
  }
  const key = PRIVATE_KEY.exec(value)?.[0];
  const certificate = CERTIFICATE.exec(value)?.[0];
  if (!key || !certificate) {
    throw new CertificateFormatError(
      `certificate ${name} has ${key ? 'no certificate' : 'no private key'} in its PEM; import the key and the certificate together`,
    );
  }
  if (key.includes('ENCRYPTED')) {
    throw new CertificateFormatError(
      `certificate ${name} has an encrypted private key; import it without a password (Key Vault protects it)`,
    );
  }
  return `${key}\n${certificate}\n`;
}
