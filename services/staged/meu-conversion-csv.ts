import Bottleneck from 'bottleneck';
import type { ServiceContext } from '../context';
import { toCsv } from '../csv/export-csv';
import type { Batch } from '../model/batch';
import type { UserStatus } from '../model/statuses';
import { readAll } from '../store/document-store';

/** A staged batch whose mailboxes may be converted: it completed (seed 003, step 5). */
const COMPLETED: readonly Batch['state'][] = ['Completed', 'CompletedWithErrors'];
const MIGRATED: readonly UserStatus[] = ['Completed', 'CompletedWithWarnings'];

export const MEU_CSV_HEADER = [
  'EmailAddress',
  'Identity',
  'LegacyExchangeDN',
  'TargetAddress',
  'ProxyAddresses',
  'Batch',
] as const;

export interface MeuConversionCsv {
  csv: string;
  /** Users of completed staged batches with a row. */
  rows: number;
  /** Migrated users whose cloud mailbox Exchange did not find (left out, named in the log). */
  missing: string[];
}

/**
 * The file the on-premises conversion script reads after a staged batch (convert each migrated
 * on-premises mailbox to a mail-enabled user): one row per user of the tenant's completed staged
 * batches, with the cloud mailbox's LegacyExchangeDN (to add as an x500 address on premises), the
 * address mail is forwarded to (the proxy in the target delivery domain, else the onmicrosoft one)
 * and every proxy address of the cloud mailbox, `;`-separated, as Get-Mailbox lists them. Cells a
 * spreadsheet would run as formulas are neutralised.
 */
export async function meuConversionCsv(ctx: ServiceContext, tenantId: string): Promise<MeuConversionCsv> {
  const tenant = ctx.tenants.tenants.find((t) => t.id === tenantId);
  const directory = ctx.directory(tenantId);
  if (!tenant || !directory) return { csv: toCsv(MEU_CSV_HEADER, []), rows: 0, missing: [] };
  const batches = (await readAll(ctx.repos.batches, { pk: tenantId })).filter(
    (b) => b.scenario === 'staged' && COMPLETED.includes(b.state),
  );
  const users: { email: string; batch: string }[] = [];
  for (const batch of batches.sort((a, b) => a.name.localeCompare(b.name))) {
    const stored = await readAll(ctx.repos.batchUsers, { pk: batch.id });
    for (const user of stored
      .filter((u) => MIGRATED.includes(u.status))
      .sort((a, b) => a.email.localeCompare(b.email))) {
      users.push({ email: user.email, batch: batch.name });
    }
  }
  const limiter = new Bottleneck({ maxConcurrent: tenant.preflight.concurrency });
  const routing = tenant.targetDeliveryDomain.toLowerCase();
  const missing: string[] = [];
  const rows = await Promise.all(
    users.map((user) =>
      limiter.schedule(async () => {
        const mailbox = await directory.getMailbox(user.email);
        if (!mailbox) {
          missing.push(user.email);
          return undefined;
        }
        const smtp = mailbox.emailAddresses.filter((a) => /^smtp:/i.test(a)).map((a) => a.slice(5));
        const target =
          smtp.find((a) => routing !== '' && a.toLowerCase().endsWith(`@${routing}`)) ??
          smtp.find((a) => a.toLowerCase().endsWith('.onmicrosoft.com')) ??
          mailbox.primarySmtpAddress;
        return [
          mailbox.primarySmtpAddress,
          mailbox.identity,
          mailbox.legacyExchangeDN,
          target,
          mailbox.emailAddresses.join(';'),
          user.batch,
        ];
      }),
    ),
  );
  const present = rows.filter((r) => r !== undefined);
  if (missing.length > 0) ctx.log.warn({ tenantId, missing }, 'migrated users without a cloud mailbox');
  return { csv: toCsv(MEU_CSV_HEADER, present), rows: present.length, missing };
}
