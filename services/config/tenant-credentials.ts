import { accessSync, constants, statSync } from 'node:fs';
import { engineVariables } from '../providers/engine-config';
import type { ConnectionConfig, CredentialConfig, TenantsFile } from './tenants';

/**
 * The first credential that cannot be read, as `<field>: tenant <id>: <why>`: a client secret's variable
 * that is unset or empty, a certificate file that is missing or unreadable. Names the variable or the
 * path, never a value. Key Vault and managed identities are only reachable over the network: /readyz
 * checks them.
 */
export function missingCredential(file: TenantsFile, env: NodeJS.ProcessEnv): string | undefined {
  for (const [i, tenant] of file.tenants.entries()) {
    const connections: [string, ConnectionConfig][] = [[`tenants.${i}.connection`, tenant.connection]];
    if (tenant.crossTenant) connections.push([`tenants.${i}.crossTenant.source`, tenant.crossTenant.source]);
    for (const [path, connection] of connections) {
      const problem = credentialProblem(connection.credential, env);
      if (problem) return `${path}.credential: tenant ${tenant.id}: ${problem}`;
    }
    for (const { field, name } of engineVariables(tenant.engine)) {
      if (!env[name]) return `tenants.${i}.${field}: tenant ${tenant.id}: names ${name}, which is not set`;
    }
  }
  return undefined;
}

function credentialProblem(credential: CredentialConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (credential.kind === 'secret') {
    const name = credential.clientSecretEnv;
    if (!env[name]) return `clientSecretEnv names ${name}, which is not set (it holds the client secret)`;
  }
  if (credential.kind === 'certificate') {
    const file = credential.certificatePath;
    try {
      if (!statSync(file).isFile()) return `certificatePath ${file} is not a file`;
      accessSync(file, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return `certificatePath ${file} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`;
    }
  }
  return undefined;
}
