import { describe, expect, it } from 'vitest';
import { createExportLinks } from '../../../bot/export-links';
import type { PreflightReport } from '../../../services/model/preflight';
import type { DirectoryMailbox, DirectoryMailUser } from '../../../services/providers/directory-provider';
import {
  checkBatchSize,
  checkSharedDomains,
  checkSourceRelationship,
  checkTargetRelationship,
} from '../../../services/preflight/batch-checks';
import { CHECKS } from '../../../services/preflight/checks';
import {
  type CrossTenantUserData,
  checkCrossTenantUser,
} from '../../../services/preflight/cross-tenant-user';
import { analyseDelegates } from '../../../services/preflight/delegates';
import { preflightCsv } from '../../../services/preflight/report-csv';
import { createSealer } from '../../../services/secrets/sealed-text';

const GUID = '11111111-2222-3333-4444-555555555555';
const ARCHIVE = '99999999-2222-3333-4444-555555555555';
const DN = '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc-ann';

const source = (over: Partial<DirectoryMailbox> = {}): DirectoryMailbox => ({
  identity: 'ann',
  primarySmtpAddress: 'ann@contoso.com',
  userPrincipalName: 'ann@contoso.com',
  recipientTypeDetails: 'UserMailbox',
  exchangeGuid: GUID,
  legacyExchangeDN: DN,
  emailAddresses: ['SMTP:ann@contoso.com', 'x500:/o=Old/cn=ann'],
  litigationHoldEnabled: false,
  inPlaceHolds: [],
  complianceTagHoldApplied: false,
  delayHoldApplied: false,
  delayReleaseHoldApplied: false,
  grantSendOnBehalfTo: [],
  auxArchiveCount: 0,
  ...over,
});
const target = (over: Partial<DirectoryMailUser> = {}): DirectoryMailUser => ({
  identity: 'ann',
  primarySmtpAddress: 'ann@northwind.com',
  userPrincipalName: 'ann@northwind.com',
  recipientTypeDetails: 'MailUser',
  exchangeGuid: GUID,
  externalEmailAddress: 'ann@contoso.com',
  emailAddresses: ['SMTP:ann@northwind.com', `x500:${DN}`, 'x500:/o=Old/cn=ann'],
  ...over,
});
const rules = {
  targetDomains: ['northwind.com', 'northwind.onmicrosoft.com'],
  licenceSkus: ['CROSS_TENANT_USER_DATA_MIGRATION'],
};
const data = (over: Partial<CrossTenantUserData> = {}): CrossTenantUserData => ({
  email: 'ann@northwind.com',
  target: target(),
  targetUser: {
    identity: 'ann',
    userPrincipalName: 'ann@northwind.com',
    recipientTypeDetails: 'MailUser',
    previousRecipientTypeDetails: 'None',
  },
  source: source(),
  targetSkus: ['CROSS_TENANT_USER_DATA_MIGRATION'],
  sourceSkus: ['ENTERPRISEPACK'],
  inScopeGroup: true,
  ...over,
});
const checksOf = (d: CrossTenantUserData) =>
  checkCrossTenantUser(d, rules).map((f) => `${f.check}:${f.status}`);

describe('cross-tenant user checks', () => {
  it('a correct pair passes every check', () => {
    expect(checksOf(data())).toEqual([]);
  });

  it('flags an archive without the matching ArchiveGuid, but not a target without a source archive', () => {
    expect(checksOf(data({ source: source({ archiveGuid: ARCHIVE }) }))).toEqual(['archive-guid:fail']);
    expect(
      checksOf(data({ source: source({ archiveGuid: ARCHIVE }), target: target({ archiveGuid: ARCHIVE }) })),
    ).toEqual([]);
  });

  it('warns about auxiliary archives and fails over twelve', () => {
    expect(checksOf(data({ source: source({ auxArchiveCount: 2 }) }))).toEqual(['aux-archives:warning']);
    expect(checksOf(data({ source: source({ auxArchiveCount: 13 }) }))).toEqual(['aux-archives:fail']);
  });

  it('wants every source x500, the ExternalEmailAddress and a target primary domain', () => {
    const noOld = target({ emailAddresses: ['SMTP:ann@northwind.com', `x500:${DN}`] });
    expect(checksOf(data({ target: noOld }))).toEqual(['x500:fail']);
    expect(checksOf(data({ target: target({ externalEmailAddress: 'someone@else.com' }) }))).toEqual([
      'external-address:fail',
    ]);
    expect(checksOf(data({ target: target({ primarySmtpAddress: 'ann@contoso.com' }) }))).toEqual([
      'primary-domain:fail',
    ]);
  });

  it('every hold type blocks the move', () => {
    for (const hold of [
      { complianceTagHoldApplied: true },
      { delayHoldApplied: true },
      { delayReleaseHoldApplied: true },
      { litigationHoldEnabled: true },
    ]) {
      expect(checksOf(data({ source: source(hold) }))).toEqual(['source-holds:fail']);
    }
  });

  it('licence: either side will do; an Exchange licence before the ExchangeGuid is the wrong order', () => {
    expect(checksOf(data({ targetSkus: [], sourceSkus: ['CROSS_TENANT_USER_DATA_MIGRATION'] }))).toEqual([]);
    expect(checksOf(data({ targetSkus: [], sourceSkus: [] }))).toEqual(['cross-tenant-licence:fail']);
    expect(
      checksOf(
        data({
          target: target({ exchangeGuid: '00000000-0000-0000-0000-000000000000' }),
          targetSkus: ['CROSS_TENANT_USER_DATA_MIGRATION', 'SPE_E3'],
          source: undefined,
          sourceSkus: undefined,
        }),
      ),
    ).toEqual(['licence-order:fail']);
  });

  it('without a configured source, source checks are skipped and a target-only licence gap is a warning', () => {
    expect(checksOf(data({ source: undefined, sourceSkus: undefined, targetSkus: [] }))).toEqual([
      'cross-tenant-licence:warning',
    ]);
  });

  it('a target that became a mailbox, or none at all, fails on its own', () => {
    expect(checksOf(data({ target: target({ recipientTypeDetails: 'UserMailbox' }) }))).toEqual([
      'target-mailuser:fail',
    ]);
    expect(checksOf(data({ target: null }))).toEqual(['target-mailuser:fail']);
  });
});

describe('batch checks', () => {
  const rel = {
    identity: 'Contoso',
    domainNames: ['3F2A6C1E-8B4D-4E2A-9C71-5D0E8F1A2B01'],
    enabled: true,
    mailboxMoveEnabled: true,
    mailboxMoveCapability: 'Inbound',
    mailboxMovePublishedScopes: [],
  };
  it('the target relationship must be enabled for inbound moves from the source GUID', () => {
    const id = '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01';
    expect(checkTargetRelationship([rel], id)).toEqual([]);
    expect(checkTargetRelationship([{ ...rel, mailboxMoveEnabled: false }], id)[0]?.message).toMatch(
      /MailboxMoveEnabled is off/,
    );
    expect(checkTargetRelationship([], id)[0]?.fix).toBe(CHECKS['target-relationship'].fix);
  });
  it('the source relationship needs RemoteOutbound, the app id and a published scope', () => {
    const source = {
      ...rel,
      domainNames: ['t'],
      mailboxMoveCapability: 'RemoteOutbound',
      oauthApplicationId: 'app',
      mailboxMovePublishedScopes: ['G'],
    };
    expect(checkSourceRelationship([source], 't', 'app')).toEqual([]);
    expect(
      checkSourceRelationship(
        [{ ...source, oauthApplicationId: 'other', mailboxMovePublishedScopes: [] }],
        't',
        'app',
      )[0]?.message,
    ).toMatch(/OAuthApplicationId is other, not app, no MailboxMovePublishedScopes/);
  });
  it('shared domains and the size limit', () => {
    expect(checkSharedDomains(['contoso.com', 'shared.com'], ['Shared.com'])[0]?.message).toMatch(
      /shared\.com/,
    );
    expect(checkBatchSize('staged', 1001)[0]?.check).toBe('batch-size');
    expect(checkBatchSize('cross-tenant', 2000)).toEqual([]);
  });
});

describe('delegates', () => {
  it('groups connected mailboxes and proposes moving them together', () => {
    const { groups, findings } = analyseDelegates({
      links: [
        { principal: 'boss@contoso.com', delegate: 'pa@contoso.com', right: 'FullAccess' },
        { principal: 'cfo@contoso.com', delegate: 'pa@contoso.com', right: 'SendOnBehalf' },
      ],
      targetOf: new Map([
        ['boss@contoso.com', 'boss@nw.com'],
        ['pa@contoso.com', 'pa@nw.com'],
        ['cfo@contoso.com', 'cfo@nw.com'],
      ]),
      batchUsers: new Set(['boss@nw.com']),
      batchName: 'Wave1',
      otherBatches: new Map([['cfo@nw.com', 'Wave2']]),
    });
    expect(groups).toEqual([
      {
        members: [
          { email: 'boss@nw.com', batchName: 'Wave1' },
          { email: 'cfo@nw.com', batchName: 'Wave2' },
          { email: 'pa@nw.com', batchName: undefined },
        ],
        links: ['boss@nw.com grants FullAccess to pa@nw.com', 'cfo@nw.com grants SendOnBehalf to pa@nw.com'],
      },
    ]);
    expect(findings.get('boss@nw.com')?.message).toBe(
      'Shares mailbox permissions with cfo@nw.com (batch Wave2), pa@nw.com (in no batch); move them together.',
    );
  });
});

describe('preflight CSV report', () => {
  it('lists every user, batch findings first, and neutralises formulas', () => {
    const report = {
      batchFindings: [
        { check: 'endpoint', status: 'fail', message: '=HYPERLINK("x")', fix: CHECKS.endpoint.fix },
      ],
      users: [
        {
          email: 'a@nw.com',
          status: 'fail',
          findings: [{ check: 'x500', status: 'fail', message: '+bad', fix: CHECKS.x500.fix }],
        },
      ],
    } as unknown as PreflightReport;
    const lines = preflightCsv(report, ['a@nw.com', 'b@nw.com']).trim().split('\r\n');
    expect(lines[0]).toBe('Scope,Status,Check,Problem,Fix');
    expect(lines[1]).toContain(`(batch),fail,Migration endpoint,"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain("a@nw.com,fail,x500 addresses,'+bad,");
    expect(lines[3]).toBe('b@nw.com,pass,,,');
  });
});

describe('download links and sealed text', () => {
  it('a link names its batch until it expires, and a forged one names nothing', () => {
    let now = 1_000;
    const links = createExportLinks({
      baseUrl: () => 'http://bot',
      ttlMs: 60_000,
      now: () => now,
      secret: 'x'.repeat(32),
    });
    const token = new URL(links.preflight('northwind~a')).searchParams.get('t')!;
    expect(links.verify(token)).toEqual({ ok: true, batchId: 'northwind~a' });
    expect(links.verify(`${token.split('.')[0]}.AAAA`)).toEqual({ ok: false, reason: 'invalid' });
    const other = createExportLinks({ baseUrl: () => 'http://bot', ttlMs: 60_000, secret: 'y'.repeat(32) });
    expect(other.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    now += 60_001;
    expect(links.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('sealed text opens with its key only', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const sealed = createSealer(key).seal('EmailAddress,Password\r\na@x.com,Secret-1\r\n');
    expect(JSON.stringify(sealed)).not.toContain('Secret-1');
    expect(createSealer(key).open(sealed)).toContain('Secret-1');
    expect(createSealer().open(sealed)).toBeNull();
    expect(
      createSealer(key).open({ ...sealed, data: Buffer.from('tampered').toString('base64') }),
    ).toBeNull();
    expect(() => createSealer('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
