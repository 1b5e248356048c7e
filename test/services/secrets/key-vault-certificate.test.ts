import { ClientCertificateCredential, type TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import { staticTokenCredential } from '../../../services/providers/exchange-online';
import { keyVaultSecretReader, readCertificatePem } from '../../../services/secrets/key-vault-certificate';
import { keyVaultCertificateCredential } from '../../../services/secrets/key-vault-credential';
import { type KeyVaultStandIn, selfSignedPem, startKeyVaultStandIn } from './key-vault-stand-in';

const VAULT_TOKEN = 'vault-token-of-the-managed-identity';
const EXCHANGE_TOKEN = { token: 'exchange-token', expiresOnTimestamp: Date.now() + 3_600_000 };

describe('the Exchange certificate from Key Vault', () => {
  let vault: KeyVaultStandIn;
  let exo: { key: string; cert: string };
  const realReader = (url: string, identity: TokenCredential) =>
    keyVaultSecretReader(url, identity, {
      // The stand-in is not *.vault.azure.net, and its certificate is self-signed.
      disableChallengeResourceVerification: true,
      tlsOptions: { ca: vault.ca },
      retryOptions: { maxRetries: 0 },
    });

  beforeAll(async () => {
    vault = await startKeyVaultStandIn(VAULT_TOKEN);
    exo = selfSignedPem('/CN=Cutover Exchange');
    vault.secrets.set('exo-contoso', {
      value: `${exo.key}${exo.cert}`,
      contentType: 'application/x-pem-file',
    });
    vault.secrets.set('exo-pfx', {
      value: 'MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggokMIIKIDCCBNc=',
      contentType: 'application/x-pkcs12',
    });
    vault.secrets.set('exo-no-key', { value: exo.cert, contentType: 'application/x-pem-file' });
  });
  afterAll(async () => {
    await vault?.close();
  });

  it('reads the PEM through @azure/keyvault-secrets: challenge first, then the identity token', async () => {
    vault.requests.length = 0;
    const pem = await readCertificatePem(
      realReader(vault.url, staticTokenCredential(VAULT_TOKEN)),
      'exo-contoso',
    );
    expect(pem).toContain(exo.key.trim());
    expect(pem).toContain(exo.cert.trim());
    expect(vault.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/secrets/exo-contoso/', undefined],
      ['/secrets/exo-contoso/', `Bearer ${VAULT_TOKEN}`],
    ]);
  });

  it('signs in to Exchange with ClientCertificateCredential built from the PEM in memory, reading the vault once', async () => {
    vault.requests.length = 0;
    const built: { tenantId: string; clientId: string; pem: string }[] = [];
    const credential = keyVaultCertificateCredential(
      {
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '11111111-2222-3333-4444-555555555555',
        vaultUrl: vault.url,
        certificateName: 'exo-contoso',
      },
      {
        identity: () => staticTokenCredential(VAULT_TOKEN),
        reader: realReader,
        fromPem: (tenantId, clientId, pem) => {
          built.push({ tenantId, clientId, pem });
          // The real credential accepts the PEM as it is (it is not asked for a token: no Entra here).
          expect(
            () => new ClientCertificateCredential(tenantId, clientId, { certificate: pem }),
          ).not.toThrow();
          return { getToken: async () => EXCHANGE_TOKEN };
        },
      },
    );
    expect(await credential.getToken('https://outlook.office365.com/.default')).toEqual(EXCHANGE_TOKEN);
    expect(await credential.getToken('https://graph.microsoft.com/.default')).toEqual(EXCHANGE_TOKEN);
    expect(built).toHaveLength(1);
    expect(built[0]).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
    });
    expect(built[0]!.pem).toContain('PRIVATE KEY');
    expect(vault.requests.filter((r) => r.authorization)).toHaveLength(1);
  });

  it('a missing certificate, a PFX, a PEM without its key or a refused identity fail with the vault and name, never the content', async () => {
    const attempt = async (certificateName: string, token = VAULT_TOKEN) => {
      const credential = keyVaultCertificateCredential(
        { tenantId: 't', clientId: 'c', vaultUrl: vault.url, certificateName },
        { identity: () => staticTokenCredential(token), reader: realReader },
      );
      return credential.getToken('https://outlook.office365.com/.default').then(
        () => 'no error',
        (error: Error) => error.message,
      );
    };
    const missing = await attempt('exo-missing');
    expect(missing).toContain(`Could not read certificate exo-missing from Key Vault ${vault.url}`);
    expect(missing).toMatch(/not found/);
    expect(await attempt('exo-pfx')).toMatch(/exo-pfx is kept as PKCS#12 \(PFX\); import it in PEM form/);
    expect(await attempt('exo-no-key')).toMatch(/exo-no-key has no private key/);
    const refused = await attempt('exo-contoso', 'someone-else');
    expect(refused).toContain('Could not read certificate exo-contoso');
    for (const message of [missing, refused]) {
      expect(message).not.toContain('PRIVATE KEY');
      expect(message).not.toContain(VAULT_TOKEN);
    }
  });

  it('a failed read is tried again on the next token request', async () => {
    let reads = 0;
    const credential = keyVaultCertificateCredential(
      { tenantId: 't', clientId: 'c', vaultUrl: vault.url, certificateName: 'exo-contoso' },
      {
        identity: () => staticTokenCredential(VAULT_TOKEN),
        reader: () => ({
          getSecret: async () => {
            reads++;
            if (reads === 1) throw new Error('connect ETIMEDOUT');
            return { value: `${exo.key}${exo.cert}`, properties: { contentType: 'application/x-pem-file' } };
          },
        }),
        fromPem: () => ({ getToken: async () => EXCHANGE_TOKEN }),
      },
    );
    await expect(credential.getToken('s')).rejects.toThrow(/ETIMEDOUT/);
    expect(await credential.getToken('s')).toEqual(EXCHANGE_TOKEN);
    expect(reads).toBe(2);
  });

  it('the tenants file takes a key-vault-certificate credential and refuses a vault URL that is not https', () => {
    const file = (credential: Record<string, unknown>) => ({
      tenants: [
        {
          id: 'contoso',
          displayName: 'Contoso',
          connection: {
            endpointUrl: 'https://outlook.office365.com',
            tenant: 'contoso.onmicrosoft.com',
            credential,
          },
          migrationEndpoint: 'Endpoint',
          targetDeliveryDomain: 'contoso.mail.onmicrosoft.com',
          approval: { actions: [] },
        },
      ],
    });
    const credential = {
      kind: 'key-vault-certificate',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      vaultUrl: 'https://cutover-kv.vault.azure.net',
      certificateName: 'exo-contoso',
      identityClientId: '99999999-2222-3333-4444-555555555555',
    };
    expect(parseTenantsFile(file(credential)).tenants[0]!.connection.credential).toEqual(credential);
    expect(() =>
      parseTenantsFile(file({ ...credential, vaultUrl: 'http://cutover-kv.vault.azure.net' })),
    ).toThrow(/credential\.vaultUrl: an https URL/);
    expect(() => parseTenantsFile(file({ ...credential, certificatePath: '/home/exo.pem' }))).toThrow(
      /Unrecognized key/,
    );
  });
});
