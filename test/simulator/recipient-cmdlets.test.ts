import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { CONTOSO, getTenants, invoke, invokeOk, type Json, NORTHWIND, NORTHWIND_ID } from './sim-client';

const CONTOSO_SERVER = 'AM6PR04A003DC01.EURPR04A003.PROD.OUTLOOK.COM';
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('recipient cmdlets', () => {
  let sim: SimulatorHandle;
  let contosoUsers: Json[];

  beforeAll(async () => {
    sim = await startSimulator();
    const [contoso] = await getTenants(sim.url, 'contoso');
    contosoUsers = contoso.recipients.filter((r: Json) => r.recipientTypeDetails === 'UserMailbox');
  });
  afterAll(() => sim.close());

  it('Get-Mailbox returns Exchange-shaped mailboxes with typed GUIDs, lists, holds and locations', async () => {
    const first = contosoUsers[0];
    const [mailbox] = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', { Identity: first.email });
    const alias = first.email.split('@')[0];
    expect(mailbox).toMatchObject({
      Identity: alias,
      Alias: alias,
      DisplayName: first.displayName,
      PrimarySmtpAddress: first.email,
      UserPrincipalName: first.email,
      RecipientTypeDetails: 'UserMailbox',
      'ExchangeGuid@odata.type': '#Guid',
      ExchangeGuid: first.exchangeGuid,
      'ArchiveGuid@odata.type': '#Guid',
      'EmailAddresses@odata.type': '#Collection(String)',
      LitigationHoldEnabled: false,
      InPlaceHolds: [],
      ComplianceTagHoldApplied: false,
      DelayHoldApplied: false,
      DelayReleaseHoldApplied: false,
      GrantSendOnBehalfTo: [],
    });
    expect(mailbox.LegacyExchangeDN).toMatch(
      new RegExp(
        `^/o=ExchangeLabs/ou=Exchange Administrative Group \\(FYDIBOHF23SPDLT\\)/cn=Recipients/cn=[0-9a-f]{32}-${alias}$`,
      ),
    );
    expect(mailbox.EmailAddresses[0]).toBe(`SMTP:${first.email}`);
    expect(mailbox.EmailAddresses.slice(1).every((a: string) => /^(smtp|x500):/.test(a))).toBe(true);
    expect(mailbox.MailboxLocations[0]).toMatch(new RegExp(`^1;${first.exchangeGuid};Primary;`));
    expect(mailbox.MailboxLocations.some((l: string) => l.includes(';AuxArchive;'))).toBe(false);
  });

  it('gives about a fifth of the source mailboxes an archive, and the empty GUID to the rest', async () => {
    const mailboxes = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', {
      ResultSize: 'Unlimited',
      RecipientTypeDetails: 'UserMailbox',
    });
    const archived = mailboxes.filter((m) => m.ArchiveGuid !== EMPTY_GUID);
    expect(archived.length / mailboxes.length).toBeGreaterThan(0.12);
    expect(archived.length / mailboxes.length).toBeLessThan(0.28);
    for (const m of archived) {
      expect(m.ArchiveGuid).toMatch(GUID);
      expect(m.ArchiveStatus).toBe('Active');
      expect(m.MailboxLocations.filter((l: string) => l.includes(';MainArchive;'))).toHaveLength(1);
    }
    expect(
      mailboxes.filter((m) => m.ArchiveGuid === EMPTY_GUID).every((m) => m.ArchiveStatus === 'None'),
    ).toBe(true);
  });

  it('finds a recipient by primary SMTP address, UPN, alias, ExchangeGuid or object id, case-insensitively', async () => {
    const [user] = contosoUsers;
    const alias = user.email.split('@')[0];
    for (const identity of [
      user.email.toUpperCase(),
      user.userPrincipalName,
      alias,
      user.exchangeGuid,
      user.objectId,
    ]) {
      const found = await invokeOk(sim.url, CONTOSO, 'get-mailbox', { Identity: identity });
      expect(found.map((m) => m.PrimarySmtpAddress)).toEqual([user.email]);
    }
  });

  it('answers a missing Identity with ManagementObjectNotFoundException, and Get-Mailbox never finds a MailUser', async () => {
    const missing = await invoke(sim.url, CONTOSO, 'Get-Mailbox', { Identity: 'nobody@contoso.com' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.details[0].message).toBe(
      `Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on '${CONTOSO_SERVER}'.`,
    );
    const mailUser = contosoUsers[0].email.replace('@contoso.com', '@northwindtraders.com');
    expect((await invoke(sim.url, NORTHWIND, 'Get-Mailbox', { Identity: mailUser })).status).toBe(404);
    expect((await invoke(sim.url, CONTOSO, 'Get-MailUser', { Identity: contosoUsers[0].email })).status).toBe(
      404,
    );
    expect((await invoke(sim.url, NORTHWIND, 'Get-User', { Identity: 'nobody' })).status).toBe(404);
  });

  it('returns every mailbox without an Identity, filtered by RecipientTypeDetails, and refuses an unknown type', async () => {
    const all = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', { ResultSize: 'Unlimited' });
    const shared = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', { RecipientTypeDetails: 'sharedmailbox' });
    const both = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', {
      ResultSize: 'Unlimited',
      RecipientTypeDetails: ['UserMailbox', 'SharedMailbox'],
    });
    expect(all).toHaveLength(contosoUsers.length + 5);
    expect(shared.map((m) => m.PrimarySmtpAddress)).toContain('info@contoso.com');
    expect(shared).toHaveLength(5);
    expect(both).toHaveLength(all.length);
    const bad = await invoke(sim.url, CONTOSO, 'Get-Mailbox', { RecipientTypeDetails: 'Toaster' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].message).toContain('ParameterBindingException');
    const unknown = await invoke(sim.url, CONTOSO, 'Get-Mailbox', { Filter: "Alias -eq 'x'" });
    expect(unknown.body.error.details[0].message).toContain("parameter name 'Filter'");
  });

  it('pages recipient lists with nextLink and stops at ResultSize with the usual warning', async () => {
    const first = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MailUser',
      { ResultSize: 'Unlimited' },
      { maxPageSize: 100 },
    );
    expect(first.body.value).toHaveLength(100);
    expect(first.body['@odata.nextLink']).toContain('$skiptoken=');
    const emails: string[] = [];
    let page = first;
    for (;;) {
      emails.push(...page.body.value.map((u: Json) => u.PrimarySmtpAddress));
      const next = page.body['@odata.nextLink'];
      if (!next) break;
      page = await invoke(
        sim.url,
        NORTHWIND,
        'Get-MailUser',
        { ResultSize: 'Unlimited' },
        { url: next, maxPageSize: 100 },
      );
    }
    expect(emails).toHaveLength(contosoUsers.length);
    expect(new Set(emails).size).toBe(emails.length);

    const limited = await invoke(sim.url, CONTOSO, 'Get-Mailbox', { ResultSize: 10 });
    expect(limited.body.value).toHaveLength(10);
    expect(limited.body['@odata.nextLink']).toBeUndefined();
    expect(limited.body['@adminapi.warnings'][0]).toMatch(/^There are more results available/);
    const byDefault = await invokeOk(sim.url, NORTHWIND, 'Get-User');
    expect(byDefault).toHaveLength(contosoUsers.length + 5);
  });

  it('Get-MailUser shows ExternalEmailAddress with SMTP:, the source x500 and the shared GUIDs', async () => {
    const source = contosoUsers[1];
    const target = source.email.replace('@contoso.com', '@northwindtraders.com');
    const [mailbox] = await invokeOk(sim.url, CONTOSO, 'Get-Mailbox', { Identity: source.email });
    const [mailUser] = await invokeOk(sim.url, NORTHWIND, 'Get-MailUser', { Identity: target });
    expect(mailUser).toMatchObject({
      Identity: target.split('@')[0],
      PrimarySmtpAddress: target,
      UserPrincipalName: target,
      RecipientTypeDetails: 'MailUser',
      ExchangeGuid: mailbox.ExchangeGuid,
      ArchiveGuid: mailbox.ArchiveGuid,
      ExternalEmailAddress: `SMTP:${source.email}`,
      'EmailAddresses@odata.type': '#Collection(String)',
    });
    expect(mailUser.EmailAddresses).toContain(`x500:${mailbox.LegacyExchangeDN}`);
    expect(mailUser.LegacyExchangeDN).not.toBe(mailbox.LegacyExchangeDN);
  });

  it('Get-User shows every account with PreviousRecipientTypeDetails', async () => {
    const users = await invokeOk(sim.url, NORTHWIND, 'Get-User', { ResultSize: 'Unlimited' });
    const admin = users.find((u) => u.UserPrincipalName === 'admin@northwindtraders.com');
    expect(admin).toMatchObject({ Identity: 'admin', RecipientTypeDetails: 'UserMailbox' });
    expect(users[0]).toEqual({
      Identity: users[0].UserPrincipalName.split('@')[0],
      Name: users[0].UserPrincipalName.split('@')[0],
      DisplayName: expect.any(String),
      UserPrincipalName: expect.stringMatching(/@northwindtraders\.com$/),
      RecipientTypeDetails: 'MailUser',
      PreviousRecipientTypeDetails: 'None',
      ExternalDirectoryObjectId: expect.stringMatching(GUID),
    });
  });

  it('Get-AcceptedDomain lists Authoritative domains with the first as Default, and one by Identity', async () => {
    const domains = await invokeOk(sim.url, NORTHWIND, 'Get-AcceptedDomain');
    expect(domains.map((d) => [d.DomainName, d.DomainType, d.Default])).toEqual([
      ['northwindtraders.com', 'Authoritative', true],
      ['northwindtraders.onmicrosoft.com', 'Authoritative', false],
      ['northwindtraders.mail.onmicrosoft.com', 'Authoritative', false],
    ]);
    const [one] = await invokeOk(sim.url, NORTHWIND, 'Get-AcceptedDomain', {
      Identity: 'NorthwindTraders.com',
    });
    expect(one.DomainName).toBe('northwindtraders.com');
    expect((await invoke(sim.url, NORTHWIND, 'Get-AcceptedDomain', { Identity: 'contoso.com' })).status).toBe(
      404,
    );
  });

  it('Get-OrganizationRelationship shows both sides of the Contoso/Northwind relationship', async () => {
    const [northwind] = await invokeOk(sim.url, NORTHWIND, 'Get-OrganizationRelationship');
    const [contoso] = await invokeOk(sim.url, CONTOSO, 'Get-OrganizationRelationship');
    expect(northwind).toMatchObject({
      DomainNames: ['3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01'],
      Enabled: true,
      MailboxMoveEnabled: true,
      MailboxMoveCapability: 'Inbound',
      OAuthApplicationId: null,
      MailboxMovePublishedScopes: [],
    });
    expect(contoso).toMatchObject({
      'DomainNames@odata.type': '#Collection(String)',
      DomainNames: [NORTHWIND_ID],
      Enabled: true,
      MailboxMoveEnabled: true,
      MailboxMoveCapability: 'RemoteOutbound',
      OAuthApplicationId: '5e1f7a9c-3b2d-4c8e-a6f0-1d2c3b4a5e06',
      MailboxMovePublishedScopes: ['Contoso-Migration-Scope'],
    });
    const [byName] = await invokeOk(sim.url, CONTOSO, 'Get-OrganizationRelationship', {
      Identity: contoso.Name,
    });
    expect(byName).toEqual(contoso);
    expect(
      (await invoke(sim.url, CONTOSO, 'Get-OrganizationRelationship', { Identity: 'Nope' })).status,
    ).toBe(404);
  });

  it('Get-MailboxPermission needs an Identity and lists SELF, explicit grants and inherited entries', async () => {
    const missing = await invoke(sim.url, CONTOSO, 'Get-MailboxPermission', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].message).toContain('missing mandatory parameters: Identity');
    const alias = contosoUsers[0].email.split('@')[0];
    const entries = await invokeOk(sim.url, CONTOSO, 'Get-MailboxPermission', {
      Identity: contosoUsers[0].email,
    });
    expect(entries).toEqual([
      {
        Identity: alias,
        User: 'NT AUTHORITY\\SELF',
        'AccessRights@odata.type': '#Collection(String)',
        AccessRights: ['FullAccess', 'ReadPermission'],
        IsInherited: false,
        Deny: false,
        InheritanceType: 'All',
      },
      {
        Identity: alias,
        User: 'EURPR04A003\\Administrator',
        'AccessRights@odata.type': '#Collection(String)',
        AccessRights: ['FullAccess'],
        IsInherited: true,
        Deny: true,
        InheritanceType: 'All',
      },
    ]);
    const self = await invokeOk(sim.url, CONTOSO, 'Get-MailboxPermission', {
      Identity: contosoUsers[0].email,
      User: 'nt authority\\self',
    });
    expect(self).toHaveLength(1);
    expect((await invoke(sim.url, CONTOSO, 'Get-MailboxPermission', { Identity: 'nobody' })).status).toBe(
      404,
    );
  });
});
