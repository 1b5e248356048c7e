import { startBatch } from '../engine/batch-actions';
import { duplicateBatch, invalidInput, objectNotFound } from '../protocol/cmdlet-error';
import { decodeByteArray, parseCsv } from '../protocol/csv-data';
import { createMigrationUser, revalidateUser } from '../state/migration-user-factory';
import { newBatchRecord } from '../state/new-batch-record';
import type { MigrationUser } from '../state/state-schema';
import { batchView } from '../views/batch-view';
import { bindParameters, type Cmdlet, type CmdletContext } from './cmdlet-context';
import { findEndpoint } from './endpoint-lookup';
import { newStagedBatch, outlookAnywhereEndpoint } from '../staged/new-staged-batch';

const PARAMETERS = [
  'Name',
  'CSVData',
  'SourceEndpoint',
  'TargetDeliveryDomain',
  'AutoStart',
  'AutoComplete',
  'CompleteAfter',
  'StartAfter',
  'NotificationEmails',
  'BadItemLimit',
  'LargeItemLimit',
  'AllowIncrementalSyncs',
  'AutoRetryCount',
  'PrimaryOnly',
  'ArchiveOnly',
  'TimeZone',
  'ReportInterval',
  'SkipReports',
];
const MAX_NAME_LENGTH = 64;
const MAX_USERS = 2000;
const CSV_CLASS = 'Microsoft.Exchange.Migration.MigrationCSVParseException';

/** Reads the CSV's EmailAddress column; problems with single rows become validation warnings. */
function readCsv(data: Buffer): string[] {
  const rows = parseCsv(data.toString('utf8'));
  const header = rows[0];
  if (!header)
    throw invalidInput(
      "The CSV file is empty. It needs a header row with an 'EmailAddress' column.",
      CSV_CLASS,
    );
  const column = header.findIndex((h) => h.trim().toLowerCase() === 'emailaddress');
  if (column < 0)
    throw invalidInput("The CSV file doesn't contain the required column 'EmailAddress'.", CSV_CLASS);
  const body = rows.slice(1);
  if (body.length === 0) throw invalidInput("The CSV file doesn't contain any users.", CSV_CLASS);
  if (body.length > MAX_USERS) {
    throw invalidInput(
      `The CSV file contains ${body.length} rows; a migration batch can hold at most ${MAX_USERS} users.`,
      CSV_CLASS,
    );
  }
  return body.map((row) => (row[column] ?? '').trim());
}

function buildUsers(context: CmdletContext, addresses: string[], warnings: string[]): MigrationUser[] {
  const seen = new Set<string>();
  // The tenant's users already in a batch, looked up once per call rather than once per row.
  const inBatches = new Map(
    context.state.usersOf(context.tenant.id).map((m) => [m.user.email.toLowerCase(), m] as const),
  );
  const users: MigrationUser[] = [];
  addresses.forEach((address, index) => {
    const row = index + 2;
    const key = address.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
      warnings.push(`Row ${row}: '${address}' isn't a valid email address. The row was skipped.`);
    } else if (seen.has(key)) {
      warnings.push(
        `Row ${row}: the user '${address}' appears more than once in the CSV file. The row was skipped.`,
      );
    } else {
      const existing = inBatches.get(key);
      if (existing) {
        warnings.push(`The user '${address}' already exists in migration batch '${existing.batch.name}'.`);
      } else users.push(createMigrationUser(context.tenant, address, context.now));
    }
    seen.add(key);
  });
  return users;
}

export const newMigrationBatch: Cmdlet = {
  name: 'New-MigrationBatch',
  run(context) {
    const { tenant, state, now } = context;
    // A staged batch (Outlook Anywhere endpoint) needs no TargetDeliveryDomain.
    const staged = outlookAnywhereEndpoint(context);
    const required = ['Name', 'CSVData', 'SourceEndpoint', 'TargetDeliveryDomain'];
    const p = bindParameters(context, PARAMETERS, staged ? required.slice(0, 3) : required);
    const name = (p.string('Name') ?? '').trim();
    if (name.length > MAX_NAME_LENGTH) {
      throw invalidInput(`The migration batch name can't be longer than ${MAX_NAME_LENGTH} characters.`);
    }
    if (staged) return newStagedBatch(context, p, name, staged);
    if (state.findBatch(tenant.id, name)) throw duplicateBatch(name);
    const endpointName = p.string('SourceEndpoint') ?? '';
    const endpoint = findEndpoint(tenant, endpointName);
    if (!endpoint) throw objectNotFound(endpointName, tenant.server);
    const deliveryDomain = (p.string('TargetDeliveryDomain') ?? '').trim().toLowerCase();
    if (!tenant.acceptedDomains.includes(deliveryDomain)) {
      throw invalidInput(
        `The domain '${deliveryDomain}' isn't an accepted domain of ${tenant.displayName}. ` +
          "TargetDeliveryDomain must be one of the organization's accepted domains.",
      );
    }
    const addresses = readCsv(decodeByteArray('CSVData', p.raw('CSVData')));
    const warnings: string[] = [];
    const users = buildUsers(context, addresses, warnings);
    const batch = newBatchRecord({
      name,
      tenantId: tenant.id,
      migrationType: 'ExchangeRemoteMove',
      sourceEndpoint: endpoint.name,
      targetDeliveryDomain: deliveryDomain,
      now,
      p,
      users,
      warnings,
    });
    if (p.boolean('AutoStart')) startBatch(batch, now, (user) => revalidateUser(tenant, user));
    state.addBatch(batch);
    return { value: [batchView(batch)], warnings };
  },
};
