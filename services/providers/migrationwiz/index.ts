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

/** Where the engine posts: the configured URL, or the local simulator's for `embedded`. */
export function serviceUrl(config: MigrationWizEngineConfig, embeddedUrl: string | undefined): string {
  if (config.url !== 'embedded') return config.url || MIGRATIONWIZ_URL;
  if (!embeddedUrl)
    throw new Error('the MigrationWiz engine is set to "embedded" but no local simulator runs');
  return `${embeddedUrl.replace(/\/+$/, '')}${SERVICE_PATH}`;
}

/** A transport that refuses every call because the API account's password variable is not set. */
function missingPassword(variable: string): SoapTransport {
  return {
    execute: async (request) => {
      throw new EngineError(
        ENGINE_NAME,
        operationOf(request),
        `The variable ${variable} that holds the MigrationWiz API account's password is not set.`,
        false,
      );
    },
  };
}

/** A tenant's MigrationWiz engine. Passwords are read from the variables the configuration names. */
export function createMigrationWizEngine(
  config: MigrationWizEngineConfig,
  deps: EngineDeps,
): MigrationProvider {
  const password = deps.env[config.account.passwordEnv];
  const secrets = migrationWizVariables(config)
    .map((v) => deps.env[v.name])
    .filter((value): value is string => typeof value === 'string' && value !== '');
  const transport = password
    ? createSoapTransport({
        url: serviceUrl(config, deps.embeddedUrl),
        account: { emailAddress: config.account.emailAddress, password },
        workgroupId: config.workgroupId,
        secrets,
        fetch: deps.fetch,
        logger: deps.logger,
        now: deps.now,
      })
    : missingPassword(config.account.passwordEnv);
  return createMigrationWizProvider({
    config,
    client: createMwzClient(transport),
    env: deps.env,
    now: deps.now,
    logger: deps.logger,
  });
}
