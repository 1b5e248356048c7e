import type { EngineDeps } from '../engines';
import type { MigrationProvider } from '../migration-provider';
import type { MigrationWizEngineConfig } from './config';

/** A tenant's MigrationWiz engine (placeholder until the engine lands; every call says so). */
export function createMigrationWizEngine(
  _config: MigrationWizEngineConfig,
  _deps: EngineDeps,
): MigrationProvider {
  throw new Error('the MigrationWiz engine is not built yet');
}
