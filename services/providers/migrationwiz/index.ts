import { EngineError } from '../../errors';
import type { EngineDeps } from '../engines';
import type { MigrationProvider } from '../migration-provider';
import { MIGRATIONWIZ_URL, type MigrationWizEngineConfig, migrationWizVariables } from './config';
import { createMigrationWizProvider } from './migrationwiz-engine';
import { createMwzClient } from './mwz-client';
import { ENGINE_NAME } from './soap-answer';
import { createSoapTransport, operationOf, type SoapTransport } from './soap-transport';

export { createMigrationWizProvider, type MigrationWizEngineOptions } from './migrationwiz-engine';
export { createMwzClient, type MwzClient } from './mwz-client';
export { createSoapTransport, type SoapTransport, type SoapTransportOptions } from './soap-transport';

/** The SOAP service's path on MigrationWiz and on the local simulator. */
export const SERVICE_PATH = '/API/2.0/WebService.asmx';

/** Where the engine posts: the configured URL, or the local simulator's for `embedded` (undefined: none runs). */
export function serviceUrl(
  config: MigrationWizEngineConfig,
  embeddedUrl: string | undefined,
): string | undefined {
  if (config.url !== 'embedded') return config.url || MIGRATIONWIZ_URL;
  return embeddedUrl ? `${embeddedUrl.replace(/\/+$/, '')}${SERVICE_PATH}` : undefined;
}

/** A transport that refuses every call, saying which setting is missing, without calling MigrationWiz. */
function refusing(reason: string): SoapTransport {
  return {
    execute: async (request) => {
      throw new EngineError(ENGINE_NAME, operationOf(request), reason, false);
    },
  };
}

function transportFor(config: MigrationWizEngineConfig, deps: EngineDeps): SoapTransport {
  const password = deps.env[config.account.passwordEnv];
  if (!password) {
    return refusing(
      `The variable ${config.account.passwordEnv} that holds the MigrationWiz API account's password is not set.`,
    );
  }
  const url = serviceUrl(config, deps.embeddedUrl);
  if (!url) return refusing('The MigrationWiz engine is set to "embedded" but no local simulator runs.');
  const secrets = migrationWizVariables(config)
    .map((v) => deps.env[v.name])
    .filter((value): value is string => typeof value === 'string' && value !== '');
  return createSoapTransport({
    url,
    account: { emailAddress: config.account.emailAddress, password },
    workgroupId: config.workgroupId,
    secrets,
    fetch: deps.fetch,
    logger: deps.logger,
    now: deps.now,
  });
}

/** A tenant's MigrationWiz engine. Passwords are read from the variables the configuration names. */
export function createMigrationWizEngine(
  config: MigrationWizEngineConfig,
  deps: EngineDeps,
): MigrationProvider {
  return createMigrationWizProvider({
    config,
    client: createMwzClient(transportFor(config, deps)),
    env: deps.env,
    now: deps.now,
    logger: deps.logger,
  });
}
