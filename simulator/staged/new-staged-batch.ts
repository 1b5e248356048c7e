import { startBatch } from '../engine/batch-actions';
import { duplicateBatch, invalidInput } from '../protocol/cmdlet-error';
import type { CmdletParameters } from '../protocol/cmdlet-parameters';
import { decodeByteArray, parseCsv } from '../protocol/csv-data';
import type { MigrationEndpoint, OnPremisesOrganization, Tenant } from '../seed/world-types';
import { createMigrationUser } from '../state/migration-user-factory';
import { newBatchRecord } from '../state/new-batch-record';
import type { MigrationUser } from '../state/state-schema';
import { batchView } from '../views/batch-view';
import type { CmdletContext, CmdletResult } from '../cmdlets/cmdlet-context';
import { isDirSyncRunning } from './get-organization-config';
import { recipientsNow } from './recipients-now';
import {
  alreadyMigratedText,
  dirSyncNotRunningText,
  noMailEnabledUserText,
  noOnPremisesMailboxText,
  STAGED_COLUMNS,
} from './staged-texts';

/** A staged CSV holds at most 1,000 rows. */
export const MAX_STAGED_ROWS = 1000;
const CSV_CLASS = 'Microsoft.Exchange.Migration.MigrationCSVParseException';

interface StagedRow {
  row: number;
  email: string;
  password: string;
  forceChangePassword: boolean;
}

/** The checks Exchange makes on the file itself: header, columns, size. Rows are checked one by one later. */
function readStagedCsv(data: Buffer): { rows: StagedRow[]; warnings: string[] } {
  const table = parseCsv(data.toString('utf8'));
  const header = table[0]?.map((h) => h.trim().toLowerCase());
  if (!header)
    throw invalidInput(
      "The CSV file is empty. It needs a header row with an 'EmailAddress' column.",
      CSV_CLASS,
    );
  const allowed = STAGED_COLUMNS.map((c) => c.toLowerCase());
  const unknown = header.filter((h) => !allowed.includes(h));
  if (unknown.length > 0) {
    throw invalidInput(
      `The CSV file contains the column '${unknown[0]}', which a staged migration doesn't accept. ` +
        `Allowed columns: ${STAGED_COLUMNS.join(', ')}.`,
      CSV_CLASS,
    );
  }
  const column = (name: string) => header.indexOf(name.toLowerCase());
  if (column('EmailAddress') < 0)
    throw invalidInput("The CSV file doesn't contain the required column 'EmailAddress'.", CSV_CLASS);
  const body = table.slice(1);
  if (body.length === 0) throw invalidInput("The CSV file doesn't contain any users.", CSV_CLASS);
  if (body.length > MAX_STAGED_ROWS) {
    throw invalidInput(
      `The CSV file contains ${body.length} rows; a staged migration batch can hold at most ${MAX_STAGED_ROWS}.`,
      CSV_CLASS,
    );
  }
  const warnings: string[] = [];
  const rows: StagedRow[] = [];
  body.forEach((fields, index) => {
    const row = index + 2;
    if (fields.length !== header.length) {
      throw invalidInput(
        `Row ${row} has ${fields.length} columns; the header row has ${header.length}.`,
        CSV_CLASS,
      );
    }
    const cell = (name: string) => (column(name) < 0 ? '' : (fields[column(name)] ?? '').trim());
    const force = cell('ForceChangePassword').toLowerCase();
    if (force !== '' && force !== 'true' && force !== 'false') {
      // Never quote the row: it may hold a password.
      warnings.push(`Row ${row}: ForceChangePassword must be True or False. The row was skipped.`);
      return;
    }
    rows.push({
      row,
      email: cell('EmailAddress'),
      password: cell('Password'),
      forceChangePassword: force === 'true',
    });
  });
  return { rows, warnings };
}

/** Why this row's user cannot be migrated, or null when the on-premises mailbox has an MEU to convert. */
export function stagedRowError(
  tenant: Tenant,
  org: OnPremisesOrganization,
  email: string,
  state: CmdletContext['state'],
): string | null {
  const wanted = email.toLowerCase();
  if (!org.mailboxes.some((m) => m.email.toLowerCase() === wanted)) {
    return noOnPremisesMailboxText(
      email,
      tenant.endpoints.find((e) => e.outlookAnywhere)?.outlookAnywhere?.exchangeServer ?? 'on-premises',
    );
  }
  const cloud = recipientsNow(tenant, state).find((r) => r.email.toLowerCase() === wanted);
  if (!cloud) return noMailEnabledUserText(email);
  if (cloud.recipientType !== 'MailUser') return alreadyMigratedText(email);
  return null;
}

/** A staged user: Queued with its on-premises mailbox's size, or Failed at validation with the reason. */
function stagedUser(context: CmdletContext, org: OnPremisesOrganization, row: StagedRow): MigrationUser {
  const { tenant, now } = context;
  const user = createMigrationUser(tenant, row.email, now);
  const mailbox = org.mailboxes.find((m) => m.email.toLowerCase() === row.email.toLowerCase());
  const error = stagedRowError(tenant, org, row.email, context.state);
  user.recipientType = 'MailUser';
  user.sourceAddress = mailbox?.email ?? null;
  user.provisionedAt = null;
  user.passwordSet = row.password !== '';
  user.forceChangePassword = row.forceChangePassword;
  if (mailbox) {
    user.sizeBytes = mailbox.sizeBytes;
    user.itemCount = mailbox.itemCount;
    user.skippedItemCount = mailbox.skippedItemCount;
  }
  if (error !== null) {
    user.status = 'Failed';
    user.error = error;
    user.failureKind = 'validation';
  } else {
    user.status = 'Queued';
    user.error = null;
    user.failureKind = null;
    user.seededFailure = null;
  }
  return user;
}

/**
 * New-MigrationBatch on an Outlook Anywhere endpoint (a staged migration): directory synchronization
 * must run; the CSV is EmailAddress[,Password][,ForceChangePassword], at most 1,000 rows; each row is
 * validated on its own (a row without an MEU fails, the others go on). Passwords are handed to the
 * cloud user (kept only as a hash in memory) and never stored on the batch.
 */
export function newStagedBatch(
  context: CmdletContext,
  p: CmdletParameters,
  name: string,
  endpoint: MigrationEndpoint,
): CmdletResult {
  const { tenant, state, now } = context;
  const org = tenant.onPremises;
  if (!org || !isDirSyncRunning(tenant, state)) {
    throw invalidInput(dirSyncNotRunningText(tenant.displayName));
  }
  if (state.findBatch(tenant.id, name)) throw duplicateBatch(name);
  const deliveryDomain = (p.string('TargetDeliveryDomain') ?? '').trim().toLowerCase();
  if (deliveryDomain !== '' && !tenant.acceptedDomains.includes(deliveryDomain)) {
    throw invalidInput(
      `The domain '${deliveryDomain}' isn't an accepted domain of ${tenant.displayName}. ` +
        "TargetDeliveryDomain must be one of the organization's accepted domains.",
    );
  }
  const { rows, warnings } = readStagedCsv(decodeByteArray('CSVData', p.raw('CSVData')));
  const seen = new Set<string>();
  const users: MigrationUser[] = [];
  const passwords: { email: string; password: string }[] = [];
  for (const row of rows) {
    const key = row.email.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(row.email)) {
      warnings.push(`Row ${row.row}: '${row.email}' isn't a valid email address. The row was skipped.`);
    } else if (seen.has(key)) {
      warnings.push(
        `Row ${row.row}: the user '${row.email}' appears more than once in the CSV file. The row was skipped.`,
      );
    } else {
      const existing = state.findUser(tenant.id, row.email);
      if (existing)
        warnings.push(`The user '${row.email}' already exists in migration batch '${existing.batch.name}'.`);
      else {
        const user = stagedUser(context, org, row);
        users.push(user);
        if (user.status !== 'Failed' && row.password !== '')
          passwords.push({ email: key, password: row.password });
      }
    }
    seen.add(key);
  }
  const batch = newBatchRecord({
    name,
    tenantId: tenant.id,
    migrationType: 'ExchangeOutlookAnywhere',
    sourceEndpoint: endpoint.name,
    targetDeliveryDomain: deliveryDomain || null,
    now,
    p,
    users,
    warnings,
    maxConcurrentMigrations: endpoint.maxConcurrentMigrations,
  });
  for (const { email, password } of passwords) state.staged.setPassword(tenant.id, email, password);
  if (p.boolean('AutoStart')) startBatch(batch, now, (user) => revalidateStagedUser(context, user));
  state.addBatch(batch);
  return { value: [batchView(batch)], warnings };
}

/** Start-MigrationBatch re-checks a staged row that failed validation (directory sync may have caught up). */
export function revalidateStagedUser(
  context: Pick<CmdletContext, 'tenant' | 'state'>,
  user: MigrationUser,
): string | null {
  const org = context.tenant.onPremises;
  if (!org) return user.error;
  return stagedRowError(context.tenant, org, user.email, context.state);
}

/** The Outlook Anywhere endpoint a New-MigrationBatch call names as SourceEndpoint, if it names one. */
export function outlookAnywhereEndpoint(context: CmdletContext): MigrationEndpoint | undefined {
  const entry = Object.entries(context.parameters).find(([key]) => key.toLowerCase() === 'sourceendpoint');
  const name = entry?.[1];
  if (typeof name !== 'string') return undefined;
  const wanted = name.trim().toLowerCase();
  const endpoint = context.tenant.endpoints.find((e) => e.name.toLowerCase() === wanted || e.guid === wanted);
  return endpoint?.endpointType === 'ExchangeOutlookAnywhere' ? endpoint : undefined;
}
