import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeNotFoundError } from '../../../../services/errors';
import type { DirectoryProvider } from '../../../../services/providers/directory-provider';
import {
  createExchangeDirectory,
  type InvokeCommandClientOptions,
  ProviderInputError,
  staticTokenCredential,
} from '../../../../services/providers/exchange-online';
import {
  CONTOSO_TENANT_ID,
  CROSS_TENANT_APP_ID,
  NORTHWIND_TENANT_ID,
  type SeededDefect,
  type SimulatorHandle,
  startSimulator,
} from '../../../../simulator';

const CONTOSO = 'contoso.onmicrosoft.com';
const NORTHWIND = 'northwindtraders.onmicrosoft.com';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ListedRecipient {
  email: string;
  recipientTypeDetails: string;
  exchangeGuid: string;
  archiveGuid?: string;
}

describe('Exchange directory provider against the simulator', () => {
  let sim: SimulatorHandle;
  let source: DirectoryProvider;
  let target: DirectoryProvider;
  let defects: SeededDefect[];
  let contosoUsers: ListedRecipient[];
  const options = (
    tenant: string,
    extra: Partial<InvokeCommandClientOptions> = {},
  ): InvokeCommandClientOptions => ({
    baseUrl: sim.url,
    tenant,
    credential: staticTokenCredential('simulator-token'),
    ...extra,
  });
  const defectOn = (defect: string) => {
    const found = defects.find((d) => d.defect === defect);
    if (!found) throw new Error(`no ${defect} defect seeded`);
    return { target: found.email, source: found.email.replace('@northwindtraders.com', '@contoso.com') };
  };

  beforeAll(async () => {
    sim = await startSimulator();
    source = createExchangeDirectory(options(CONTOSO));
    target = createExchangeDirectory(options(NORTHWIND_TENANT_ID));
    defects = await (await fetch(`${sim.url}/_simulator/defects`)).json();
    const [contoso] = await (await fetch(`${sim.url}/_simulator/tenants?tenant=contoso`)).json();
    contosoUsers = contoso.recipients.filter(
      (r: ListedRecipient) => r.recipientTypeDetails === 'UserMailbox',
    );
  });
  afterAll(() => sim.close());

  it('reads whether directory synchronization runs (Get-OrganizationConfig), and a stopped one', async () => {
    const adatum = createExchangeDirectory(options('adatum.onmicrosoft.com'));
    expect(await adatum.getOrganizationConfig()).toEqual({
      identity: 'adatum.onmicrosoft.com',
      isDirSyncRunning: true,
    });
    expect((await source.getOrganizationConfig()).isDirSyncRunning).toBe(false);
    sim.faults.stopDirSync('adatum');
    try {
      expect((await adatum.getOrganizationConfig()).isDirSyncRunning).toBe(false);
    } finally {
      sim.faults.reset();
    }
  });

  it('reads a source mailbox: GUIDs, proxies, holds and no archive as undefined', async () => {
    const plain = contosoUsers.find((r) => !r.archiveGuid);
    if (!plain) throw new Error('every mailbox has an archive');
    const mailbox = await source.getMailbox(plain.email);
    expect(mailbox).toEqual({
      identity: plain.email.split('@')[0],
      primarySmtpAddress: plain.email,
      userPrincipalName: plain.email,
      recipientTypeDetails: 'UserMailbox',
      exchangeGuid: plain.exchangeGuid,
      legacyExchangeDN: expect.stringMatching(/^\/o=ExchangeLabs\/.*\/cn=Recipients\/cn=[0-9a-f]{32}-/),
      emailAddresses: expect.arrayContaining([`SMTP:${plain.email}`]),
      litigationHoldEnabled: false,
      inPlaceHolds: [],
      complianceTagHoldApplied: false,
      delayHoldApplied: false,
      delayReleaseHoldApplied: false,
      grantSendOnBehalfTo: [],
      auxArchiveCount: 0,
    });
    const archived = contosoUsers.find((r) => r.archiveGuid);
    expect((await source.getMailbox(archived?.email ?? ''))?.archiveGuid).toBe(archived?.archiveGuid);
  });

  it('reads the holds seeded on source mailboxes', async () => {
    const litigation = await source.getMailbox(defectOn('litigation-hold').source);
    const inPlace = await source.getMailbox(defectOn('in-place-hold').source);
    expect(litigation?.litigationHoldEnabled).toBe(true);
    expect(inPlace?.inPlaceHolds).toEqual([expect.stringMatching(/^mbx[0-9a-f]{32}:1$/)]);
  });

  it('reads a target MailUser with ExternalEmailAddress stripped of SMTP: and the source x500', async () => {
    const [first] = contosoUsers;
    const targetAddress = first?.email.replace('@contoso.com', '@northwindtraders.com') ?? '';
    const mailbox = await source.getMailbox(first?.email ?? '');
    const mailUser = await target.getMailUser(targetAddress);
    expect(mailUser).toMatchObject({
      primarySmtpAddress: targetAddress,
      recipientTypeDetails: 'MailUser',
      exchangeGuid: mailbox?.exchangeGuid,
      externalEmailAddress: first?.email,
    });
    expect(mailUser?.archiveGuid).toBe(mailbox?.archiveGuid);
    expect(mailUser?.emailAddresses).toContain(`x500:${mailbox?.legacyExchangeDN}`);
  });

  it('returns null for a missing recipient and refuses an empty identity', async () => {
    expect(await source.getMailbox('nobody@contoso.com')).toBeNull();
    expect(await target.getMailUser('nobody@northwindtraders.com')).toBeNull();
    expect(await target.getUser('nobody@northwindtraders.com')).toBeNull();
    await expect(source.getMailbox('  ')).rejects.toBeInstanceOf(ProviderInputError);
  });

  it('lists every mailbox and MailUser past the default ResultSize of 1000', async () => {
    const big = await startSimulator({ extraMailUsers: 800 });
    try {
      const bigTarget = createExchangeDirectory({
        baseUrl: big.url,
        tenant: NORTHWIND,
        credential: staticTokenCredential('t'),
      });
      const mailUsers = await bigTarget.listMailUsers();
      expect(mailUsers).toHaveLength(320 + 800);
      expect(
        mailUsers.every((u) => GUID.test(u.exchangeGuid) && u.externalEmailAddress?.endsWith('@contoso.com')),
      ).toBe(true);
      expect(big.calls({ cmdlet: 'Get-MailUser' })[0]?.parameters).toEqual({ ResultSize: 'Unlimited' });
    } finally {
      await big.close();
    }
    const mailboxes = await source.listMailboxes();
    expect(mailboxes).toHaveLength(contosoUsers.length + 5);
  });

  it('reads Get-User, including a remembered previous mailbox', async () => {
    const clean = await target.getUser(
      contosoUsers[0]?.email.replace('@contoso.com', '@northwindtraders.com') ?? '',
    );
    expect(clean).toMatchObject({ recipientTypeDetails: 'MailUser', previousRecipientTypeDetails: 'None' });
    const stale = await target.getUser(defectOn('stale-previous-mailbox').target);
    expect(stale?.previousRecipientTypeDetails).toBe('UserMailbox');
  });

  it('lists accepted domains and organization relationships', async () => {
    expect(await target.listAcceptedDomains()).toEqual([
      { domainName: 'northwindtraders.com', domainType: 'Authoritative', isDefault: true },
      { domainName: 'northwindtraders.onmicrosoft.com', domainType: 'Authoritative', isDefault: false },
      { domainName: 'northwindtraders.mail.onmicrosoft.com', domainType: 'Authoritative', isDefault: false },
    ]);
    expect(await target.listOrganizationRelationships()).toEqual([
      {
        identity: expect.any(String),
        domainNames: [CONTOSO_TENANT_ID],
        enabled: true,
        mailboxMoveEnabled: true,
        mailboxMoveCapability: 'Inbound',
        mailboxMovePublishedScopes: [],
      },
    ]);
    expect(await source.listOrganizationRelationships()).toEqual([
      {
        identity: expect.any(String),
        domainNames: [NORTHWIND_TENANT_ID],
        enabled: true,
        mailboxMoveEnabled: true,
        mailboxMoveCapability: 'RemoteOutbound',
        oauthApplicationId: CROSS_TENANT_APP_ID,
        mailboxMovePublishedScopes: ['Contoso-Migration-Scope'],
      },
    ]);
  });

  it('keeps only explicit delegations from Get-MailboxPermission, and reads send-on-behalf grants', async () => {
    const [principal, delegate, sendOnBehalf] = defects
      .filter((d) => d.defect === 'delegate-split')
      .map((d) => d.email.replace('@northwindtraders.com', '@contoso.com'));
    expect(await source.getMailboxPermissions(principal ?? '')).toEqual([
      {
        identity: principal?.split('@')[0],
        user: delegate,
        accessRights: ['FullAccess'],
        isInherited: false,
        deny: false,
      },
    ]);
    expect(await source.getMailboxPermissions(contosoUsers[0]?.email ?? '')).toEqual([]);
    expect((await source.getMailbox(sendOnBehalf ?? ''))?.grantSendOnBehalfTo).toEqual([delegate]);
    await expect(source.getMailboxPermissions('nobody@contoso.com')).rejects.toBeInstanceOf(
      ExchangeNotFoundError,
    );
  });

  it('tests the migration endpoint, and reports an endpoint that is down', async () => {
    const mailUser = contosoUsers[0]?.email.replace('@contoso.com', '@northwindtraders.com') ?? '';
    expect(await target.testMigrationServerAvailability('Contoso-CrossTenant', mailUser)).toEqual({
      result: 'Success',
    });
    sim.faults.endpointDown('Contoso-CrossTenant');
    try {
      expect(await target.testMigrationServerAvailability('Contoso-CrossTenant', mailUser)).toEqual({
        result: 'Failed',
        message: "The connection to the server 'outlook.office.com' could not be completed.",
      });
    } finally {
      sim.faults.reset();
    }
    const missing = await target.testMigrationServerAvailability('Nowhere', mailUser);
    expect(missing.result).toBe('Failed');
  });

  it('waits out throttling and then answers', async () => {
    const sleeps: number[] = [];
    const patient = createExchangeDirectory(
      options(NORTHWIND, { sleep: async (ms) => void sleeps.push(ms), maxAttempts: 3 }),
    );
    sim.faults.throttle(2, 7);
    try {
      expect(await patient.listAcceptedDomains()).toHaveLength(3);
    } finally {
      sim.faults.reset();
    }
    expect(sleeps).toEqual([7000, 7000]);
  });
});
