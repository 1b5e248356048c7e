import { unknownCmdlet } from '../protocol/cmdlet-error';
import {
  completeMigrationBatch,
  removeMigrationBatch,
  startMigrationBatch,
  stopMigrationBatch,
} from './batch-lifecycle';
import type { Cmdlet } from './cmdlet-context';
import { getAcceptedDomain } from './get-accepted-domain';
import { getMailUser } from './get-mail-user';
import { getMailbox } from './get-mailbox';
import { getMailboxPermission } from './get-mailbox-permission';
import { getMigrationBatch } from './get-migration-batch';
import { getMigrationEndpoint } from './get-migration-endpoint';
import { getMigrationUser } from './get-migration-user';
import { getMigrationUserStatistics } from './get-migration-user-statistics';
import { getOrganizationRelationship } from './get-organization-relationship';
import { getOrganizationConfig } from '../staged/get-organization-config';
import { getUser } from './get-user';
import { newMigrationBatch } from './new-migration-batch';
import { setMigrationBatch } from './set-migration-batch';
import { testMigrationServerAvailability } from './test-migration-server-availability';

const CMDLETS: Cmdlet[] = [
  newMigrationBatch,
  getMigrationBatch,
  startMigrationBatch,
  stopMigrationBatch,
  completeMigrationBatch,
  removeMigrationBatch,
  setMigrationBatch,
  getMigrationUser,
  getMigrationUserStatistics,
  getMigrationEndpoint,
  testMigrationServerAvailability,
  getMailbox,
  getMailUser,
  getUser,
  getAcceptedDomain,
  getOrganizationRelationship,
  getMailboxPermission,
  getOrganizationConfig,
];

const BY_NAME = new Map(CMDLETS.map((c) => [c.name.toLowerCase(), c]));

export const CMDLET_NAMES = CMDLETS.map((c) => c.name);

/** The cmdlet by name (case-insensitive, like PowerShell); an unknown name fails like PowerShell does. */
export function findCmdlet(name: string): Cmdlet {
  const cmdlet = BY_NAME.get(name.toLowerCase());
  if (!cmdlet) throw unknownCmdlet(name);
  return cmdlet;
}
