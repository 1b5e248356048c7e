import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTOSO_SCOPE_GROUP_ID,
  type SimulatorHandle,
  startSimulator,
  TAILSPIN_SCOPE_GROUP_ID,
} from '../../simulator/index';
import {
  CONTOSO_ID,
  getTenants,
  invokeOk,
  type Json,
  NORTHWIND_ID,
  TAILSPIN_ID,
  UNLICENSED,
  WOODGROVE_ID,
} from './sim-client';

const MIGRATION_SKU = 'CROSS_TENANT_USER_DATA_MIGRATION';
const PAIR_DEFECTS = [
  'missing-x500',
  'exchange-guid-mismatch',
  'litigation-hold',
  'in-place-hold',
  'missing-licence',
  'non-owned-proxy',
  'stale-previous-mailbox',
  'delegate-split',
];

async function graphGet(base: string, path: string): Promise<Json> {
  const response = await fetch(`${base}/v1.0${path}`, { headers: { authorization: 'Bearer test-token' } });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

async function skus(base: string, upn: string): Promise<string[]> {
  const body = await graphGet(base, `/users/${encodeURIComponent(upn)}/licenseDetails`);
  return body.value.map((l: Json) => l.skuPartNumber);
}

async function groupUpns(base: string, groupId: string): Promise<string[]> {
  const upns: string[] = [];
  let path: string | undefined = `/groups/${groupId}/transitiveMembers?$top=999`;
  while (path) {
    const body = await graphGet(base, path);
    upns.push(
      ...body.value
        .filter((m: Json) => m['@odata.type'] === '#microsoft.graph.user')
        .map((m: Json) => m.userPrincipalName),
    );
    path = body['@odata.nextLink']?.replace(`${base}/v1.0`, '');
  }
  return upns;
}

/**
 * Reads both tenants through the cmdlets and Graph, as a preflight would, and returns each target
 * address with the defects found on its pair.
 */
async function findDefects(base: string, source: string, target: string): Promise<Map<string, Set<string>>> {
  const mailboxes = await invokeOk(base, source, 'Get-Mailbox', {
    ResultSize: 'Unlimited',
    RecipientTypeDetails: 'UserMailbox',
  });
  const mailUsers = await invokeOk(base, target, 'Get-MailUser', { ResultSize: 'Unlimited' });
  const users = await invokeOk(base, target, 'Get-User', { ResultSize: 'Unlimited' });
  const targetDomains = (await invokeOk(base, target, 'Get-AcceptedDomain')).map((d) =>
    d.DomainName.toLowerCase(),
  );
  const bySource = new Map(mailboxes.map((m) => [m.PrimarySmtpAddress.toLowerCase(), m]));
  const userOf = new Map(users.map((u) => [u.UserPrincipalName.toLowerCase(), u]));
  const found = new Map<string, Set<string>>();
  const flag = (email: string, defect: string) => {
    const set = found.get(email) ?? new Set<string>();
    set.add(defect);
    found.set(email, set);
  };
  const targetOfSource = new Map<string, string>();

  for (const mailUser of mailUsers) {
    const email: string = mailUser.PrimarySmtpAddress;
    const sourceAddress = mailUser.ExternalEmailAddress.replace(/^SMTP:/i, '').toLowerCase();
    const mailbox = bySource.get(sourceAddress);
    if (!mailbox) throw new Error(`${email} points at ${sourceAddress}, which is no source mailbox`);
    targetOfSource.set(sourceAddress, email);
    const proxies = (mailUser.EmailAddresses as string[]).map((a) => a.toLowerCase());
    const sourceX500s = [
      `x500:${mailbox.LegacyExchangeDN}`,
      ...mailbox.EmailAddresses.filter((a: string) => /^x500:/i.test(a)),
    ];
    if (sourceX500s.some((x) => !proxies.includes(x.toLowerCase()))) flag(email, 'missing-x500');
    if (mailUser.ExchangeGuid !== mailbox.ExchangeGuid) flag(email, 'exchange-guid-mismatch');
    expect(mailUser.ArchiveGuid).toBe(mailbox.ArchiveGuid);
    if (mailbox.LitigationHoldEnabled) flag(email, 'litigation-hold');
    if (mailbox.InPlaceHolds.length > 0) flag(email, 'in-place-hold');
    if (mailbox.ComplianceTagHoldApplied || mailbox.DelayHoldApplied || mailbox.DelayReleaseHoldApplied) {
      flag(email, 'other-hold');
    }
    const foreign = proxies.filter(
      (a) => a.startsWith('smtp:') && !targetDomains.includes(a.split('@')[1] ?? ''),
    );
    if (foreign.length > 0) flag(email, 'non-owned-proxy');
    if (userOf.get(email.toLowerCase())?.PreviousRecipientTypeDetails !== 'None')
      flag(email, 'stale-previous-mailbox');
    const licences = [...(await skus(base, email)), ...(await skus(base, mailbox.UserPrincipalName))];
    if (!licences.includes(MIGRATION_SKU)) flag(email, 'missing-licence');
  }

  for (const mailbox of mailboxes) {
    const principal = targetOfSource.get(mailbox.PrimarySmtpAddress.toLowerCase());
    if (!principal) continue;
    const permissions = await invokeOk(base, source, 'Get-MailboxPermission', {
      Identity: mailbox.PrimarySmtpAddress,
    });
    const delegates = [
      ...permissions.filter((p) => !p.IsInherited && p.User !== 'NT AUTHORITY\\SELF').map((p) => p.User),
      ...mailbox.GrantSendOnBehalfTo,
    ];
    for (const delegate of delegates) {
      flag(principal, 'delegate-split');
      flag(targetOfSource.get(delegate.toLowerCase()) ?? `unknown delegate ${delegate}`, 'delegate-split');
    }
  }
  return found;
}

describe('seeded preflight defects', () => {
  let sim: SimulatorHandle;
  let defects: Json[];
  let northwindMailUsers: string[];

  beforeAll(async () => {
    sim = await startSimulator();
    defects = await (await fetch(`${sim.url}/_simulator/defects`)).json();
    const [northwind] = await getTenants(sim.url, 'northwindtraders');
    northwindMailUsers = northwind.recipients
      .filter((r: Json) => r.recipientType === 'MailUser')
      .map((r: Json) => r.email);
  });
  afterAll(() => sim.close());

  it('lists each pair defect on exactly three Northwind users from position 100 on, none on two', () => {
    const northwind = defects.filter((d) => d.tenant === 'northwindtraders');
    for (const defect of PAIR_DEFECTS) {
      expect(
        northwind.filter((d) => d.defect === defect),
        defect,
      ).toHaveLength(3);
    }
    expect(northwind).toHaveLength(PAIR_DEFECTS.length * 3);
    const emails = northwind.map((d) => d.email);
    expect(new Set(emails).size).toBe(emails.length);
    const positions = emails.map((e) => northwindMailUsers.indexOf(e));
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(100);
    expect(northwind.filter((d) => d.defect === 'missing-licence').map((d) => d.email)).toEqual(UNLICENSED);
  });

  it('leaves the first 100 Northwind MailUsers clean (demos and tests take the first 60)', () => {
    const listed = new Set(defects.map((d) => d.email));
    expect(northwindMailUsers.slice(0, 100).filter((e) => listed.has(e))).toEqual([]);
  });

  it('shows every Contoso/Northwind defect through the cmdlets and Graph, exactly on the listed users', async () => {
    const found = await findDefects(sim.url, 'contoso.onmicrosoft.com', 'northwindtraders.onmicrosoft.com');
    const listed = new Map<string, Set<string>>();
    for (const d of defects.filter((x) => x.tenant === 'northwindtraders')) {
      listed.set(d.email, new Set([...(listed.get(d.email) ?? []), d.defect]));
    }
    expect(Object.fromEntries([...found].map(([e, s]) => [e, [...s]]))).toEqual(
      Object.fromEntries([...listed].map(([e, s]) => [e, [...s]])),
    );
  });

  it('keeps every Tailspin/Woodgrove pair correct', async () => {
    const found = await findDefects(sim.url, 'tailspintoys.onmicrosoft.com', 'woodgrovebank.onmicrosoft.com');
    expect([...found.keys()]).toEqual([]);
    expect(
      await invokeOk(sim.url, 'woodgrovebank.com', 'Get-MailUser', { ResultSize: 'Unlimited' }),
    ).toHaveLength(12);
  });

  it('has both sides of the Contoso/Northwind relationship, but only Woodgrove’s side towards Tailspin', async () => {
    const relation = async (tenant: string, other: string) =>
      (await invokeOk(sim.url, tenant, 'Get-OrganizationRelationship')).find((r) =>
        r.DomainNames.includes(other),
      );
    expect(await relation('northwindtraders.com', CONTOSO_ID)).toMatchObject({
      MailboxMoveCapability: 'Inbound',
    });
    expect(await relation('contoso.com', NORTHWIND_ID)).toMatchObject({
      MailboxMoveCapability: 'RemoteOutbound',
    });
    expect(await relation('woodgrovebank.com', TAILSPIN_ID)).toMatchObject({
      Enabled: true,
      MailboxMoveEnabled: true,
      MailboxMoveCapability: 'Inbound',
    });
    expect(await relation('tailspintoys.com', WOODGROVE_ID)).toBeUndefined();
    const woodgroveUsers = (await invokeOk(sim.url, 'woodgrovebank.com', 'Get-MailUser')).map(
      (u) => u.PrimarySmtpAddress,
    );
    expect(
      defects
        .filter((d) => d.defect === 'one-sided-organization-relationship')
        .map((d) => [d.tenant, d.email]),
    ).toEqual(woodgroveUsers.map((e) => ['woodgrovebank', e]));
  });

  it('publishes a scope group whose transitive members are exactly the source movers', async () => {
    const contosoMovers = (
      await invokeOk(sim.url, 'contoso.com', 'Get-Mailbox', {
        ResultSize: 'Unlimited',
        RecipientTypeDetails: 'UserMailbox',
      })
    )
      .map((m) => m.UserPrincipalName)
      .sort();
    expect((await groupUpns(sim.url, CONTOSO_SCOPE_GROUP_ID)).sort()).toEqual(contosoMovers);
    const tailspinMovers = (await invokeOk(sim.url, 'tailspintoys.com', 'Get-Mailbox'))
      .map((m) => m.UserPrincipalName)
      .sort();
    expect((await groupUpns(sim.url, TAILSPIN_SCOPE_GROUP_ID)).sort()).toEqual(tailspinMovers);
  });

  it('keeps the defects where they are when extra users are added', async () => {
    const bigger = await startSimulator({ extraMailUsers: 40 });
    try {
      const more: Json[] = await (await fetch(`${bigger.url}/_simulator/defects`)).json();
      expect(more).toEqual(defects);
    } finally {
      await bigger.close();
    }
  });
});
