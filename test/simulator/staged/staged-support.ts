import { getTenants, type Json } from '../sim-client';

/** Test helpers for Adatum, the staged demo tenant (seed 003). */
export const ADATUM = 'adatum.onmicrosoft.com';
export const STAGED_ENDPOINT = 'Adatum-Staged';

export interface AdatumDirectory {
  /** On-premises mailboxes in directory order. */
  mailboxes: Json[];
  /** Addresses of the on-premises mailboxes with an MEU in the cloud. */
  withMeu: string[];
  /** Addresses of the on-premises mailboxes without one (the seeded defect). */
  withoutMeu: string[];
}

export async function adatumDirectory(base: string): Promise<AdatumDirectory> {
  const [tenant] = await getTenants(base, ADATUM);
  const meus = new Set(
    (tenant.recipients as Json[]).filter((r) => r.recipientType === 'MailUser').map((r) => r.email),
  );
  const mailboxes = tenant.onPremises.mailboxes as Json[];
  return {
    mailboxes,
    withMeu: mailboxes.map((m) => m.email).filter((e: string) => meus.has(e)),
    withoutMeu: mailboxes.map((m) => m.email).filter((e: string) => !meus.has(e)),
  };
}

/** A staged CSV (EmailAddress,Password,ForceChangePassword) as CSVData bytes. */
export function stagedCsvData(rows: { email: string; password?: string; force?: boolean }[]) {
  const lines = [
    'EmailAddress,Password,ForceChangePassword',
    ...rows.map(
      (r) => `${r.email},${r.password ?? ''},${r.force === undefined ? '' : r.force ? 'True' : 'False'}`,
    ),
  ];
  return { '@odata.type': '#Exchange.ByteArrayType', Data: [...Buffer.from(lines.join('\r\n'), 'utf8')] };
}

/** A password per user that no other text contains. */
export function passwordFor(email: string): string {
  return `Pw!${Buffer.from(email).toString('hex').slice(0, 12)}#9z`;
}
