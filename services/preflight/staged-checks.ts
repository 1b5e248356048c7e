import Bottleneck from 'bottleneck';
import type { TenantConfig } from '../config/tenants';
import type { Finding } from '../model/preflight';
import type { Scenario } from '../model/statuses';
import type { DirectoryProvider } from '../providers/directory-provider';
import type { MigrationProvider } from '../providers/migration-provider';
import { checkBatchSize, checkEndpoint } from './batch-checks';
import { failWith } from './checks';

/** What the staged checks need: the tenant's directory, its engine (for the endpoint) and the batch. */
export interface StagedInput {
  directory: DirectoryProvider;
  provider: MigrationProvider;
  tenant: TenantConfig;
  scenario: Scenario;
  endpoint: string;
  emails: string[];
}

/** Directory synchronization runs (seed 003, before you begin: it creates the MEUs a staged batch converts). */
export function checkDirectorySync(running: boolean | Error, organization: string): Finding[] {
  if (running instanceof Error)
    return [
      failWith(
        'directory-sync',
        `Could not read whether directory synchronization runs for ${organization}: ${running.message}`,
      ),
    ];
  return running
    ? []
    : [failWith('directory-sync', `Directory synchronization is not running for ${organization}.`)];
}

/** The endpoint is an Outlook Anywhere one: a staged batch cannot run on any other kind. */
async function endpointKind(provider: MigrationProvider, endpoint: string): Promise<Finding[]> {
  const found = await provider.getEndpoint(endpoint).catch((e: Error) => e);
  if (found instanceof Error) return [failWith('endpoint', `Reading ${endpoint} failed: ${found.message}`)];
  if (!found)
    return [failWith('endpoint', `The migration endpoint ${endpoint} does not exist in Exchange Online.`)];
  if (found.endpointType !== 'ExchangeOutlookAnywhere') {
    return [
      failWith(
        'endpoint',
        `${endpoint} is an ${found.endpointType} endpoint; a staged migration needs an Exchange Outlook Anywhere endpoint.`,
      ),
    ];
  }
  return [];
}

/** Each row's cloud side: an MEU to convert (a mailbox already there means the row was migrated before). */
async function meuFinding(
  directory: DirectoryProvider,
  tenant: TenantConfig,
  email: string,
): Promise<Finding[]> {
  const meu = await directory.getMailUser(email);
  if (meu) return [];
  const mailbox = await directory.getMailbox(email);
  if (mailbox) {
    return [
      failWith(
        'cloud-meu',
        `${email} already has a cloud mailbox (${mailbox.recipientTypeDetails}): it was migrated before; leave the row out.`,
      ),
    ];
  }
  return [
    failWith(
      'cloud-meu',
      `No mail-enabled user ${email} in ${tenant.displayName}: directory synchronization has not created one.`,
    ),
  ];
}

/**
 * The staged preflight (seed 003 and its validation rules): directory synchronization runs, the
 * endpoint is an Outlook Anywhere one and answers Test-MigrationServerAvailability, and every row has
 * an MEU in the cloud (the rows without one are named, with the fix).
 */
export async function stagedFindings(
  input: StagedInput,
): Promise<{ users: Map<string, Finding[]>; batchFindings: Finding[] }> {
  const { directory, provider, tenant, emails, endpoint } = input;
  const limiter = new Bottleneck({ maxConcurrent: tenant.preflight.concurrency });
  const users = new Map<string, Finding[]>();
  const [config] = await Promise.all([
    directory.getOrganizationConfig().catch((e: Error) => e),
    Promise.all(
      emails.map((email) =>
        limiter.schedule(async () => {
          const findings = await meuFinding(directory, tenant, email);
          if (findings.length > 0) users.set(email, findings);
        }),
      ),
    ),
  ]);
  const testMailbox = emails.find((e) => !users.has(e));
  const batchFindings: Finding[] = [
    ...checkBatchSize(input.scenario, emails.length),
    ...checkDirectorySync(config instanceof Error ? config : config.isDirSyncRunning, tenant.displayName),
    ...(await endpointKind(provider, endpoint)),
  ];
  if (testMailbox && !batchFindings.some((f) => f.check === 'endpoint')) {
    const result = await directory
      .testMigrationServerAvailability(endpoint, testMailbox)
      .catch((e: Error) => e);
    batchFindings.push(...checkEndpoint(endpoint, result));
  }
  return { users, batchFindings };
}
