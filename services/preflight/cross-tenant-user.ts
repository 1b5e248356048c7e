import type { Finding } from '../model/preflight';
import type { DirectoryMailbox, DirectoryMailUser, DirectoryUser } from '../providers/directory-provider';
import { failWith, warnWith } from './checks';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Licences that give the user an Exchange Online mailbox (assigned too early, they create one). */
const EXCHANGE_SKUS = [
  'EXCHANGESTANDARD',
  'EXCHANGEENTERPRISE',
  'ENTERPRISEPACK',
  'ENTERPRISEPREMIUM',
  'SPE_E3',
  'SPE_E5',
  'O365_BUSINESS_PREMIUM',
  'O365_BUSINESS_ESSENTIALS',
];
const MAX_AUX_ARCHIVES = 12;

/** What preflight read about one user, in both tenants. */
export interface CrossTenantUserData {
  /** The target address from the batch. */
  email: string;
  target: DirectoryMailUser | null;
  targetUser: DirectoryUser | null;
  /** Undefined when the source tenant is not configured (its checks are skipped). */
  source: DirectoryMailbox | null | undefined;
  /** Null when the user is unknown to Graph in that tenant; undefined when not read. */
  targetSkus: string[] | null;
  sourceSkus: string[] | null | undefined;
  /** Undefined when no scope group is configured. */
  inScopeGroup?: boolean;
}

export interface CrossTenantRules {
  /** The target tenant's accepted domains, lower-case. */
  targetDomains: string[];
  /** skuPartNumbers that count as the cross-tenant migration licence (upper-case). */
  licenceSkus: string[];
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
const sameGuid = (a?: string, b?: string) =>
  (a ?? EMPTY_GUID).toLowerCase() === (b ?? EMPTY_GUID).toLowerCase();
const hasGuid = (guid?: string) => guid !== undefined && !sameGuid(guid, EMPTY_GUID);

function proxies(addresses: string[], prefix: 'smtp' | 'x500'): string[] {
  return addresses
    .filter((a) => a.toLowerCase().startsWith(`${prefix}:`))
    .map((a) => a.slice(prefix.length + 1).toLowerCase());
}

function holdsOf(source: DirectoryMailbox): string[] {
  const holds: string[] = [];
  if (source.litigationHoldEnabled) holds.push('litigation hold');
  if (source.inPlaceHolds.length > 0) holds.push(`in-place hold (${source.inPlaceHolds.join(', ')})`);
  if (source.complianceTagHoldApplied) holds.push('retention label hold');
  if (source.delayHoldApplied) holds.push('delay hold');
  if (source.delayReleaseHoldApplied) holds.push('delay release hold');
  return holds;
}

function identityChecks(target: DirectoryMailUser, source: DirectoryMailbox): Finding[] {
  const out: Finding[] = [];
  if (!sameGuid(target.exchangeGuid, source.exchangeGuid)) {
    out.push(
      failWith(
        'exchange-guid',
        `ExchangeGuid is ${target.exchangeGuid} in the target but ${source.exchangeGuid} in the source.`,
      ),
    );
  }
  if (hasGuid(source.archiveGuid) && !sameGuid(target.archiveGuid, source.archiveGuid)) {
    out.push(
      failWith(
        'archive-guid',
        `The source has an archive (${source.archiveGuid}); the target ArchiveGuid is ${target.archiveGuid ?? 'not set'}.`,
      ),
    );
  }
  const targetX500 = new Set(proxies(target.emailAddresses, 'x500'));
  const wanted = [source.legacyExchangeDN.toLowerCase(), ...proxies(source.emailAddresses, 'x500')];
  const missing = wanted.filter((x) => x !== '' && !targetX500.has(x));
  if (missing.length > 0) {
    out.push(
      failWith(
        'x500',
        `${missing.length} x500 address${missing.length === 1 ? ' is' : 'es are'} missing, e.g. x500:${missing[0]}.`,
      ),
    );
  }
  if ((target.externalEmailAddress ?? '').toLowerCase() !== source.primarySmtpAddress.toLowerCase()) {
    out.push(
      failWith(
        'external-address',
        `ExternalEmailAddress is ${target.externalEmailAddress ?? 'empty'}, not the source mailbox ${source.primarySmtpAddress}.`,
      ),
    );
  }
  return out;
}

function domainChecks(target: DirectoryMailUser, rules: CrossTenantRules): Finding[] {
  const out: Finding[] = [];
  const owned = new Set(rules.targetDomains);
  if (!owned.has(domainOf(target.primarySmtpAddress))) {
    out.push(
      failWith(
        'primary-domain',
        `The primary address ${target.primarySmtpAddress} is not in a target domain.`,
      ),
    );
  }
  const foreign = proxies(target.emailAddresses, 'smtp').filter((a) => !owned.has(domainOf(a)));
  if (foreign.length > 0) {
    out.push(failWith('non-owned-proxy', `The MailUser has ${foreign.map((a) => `smtp:${a}`).join(', ')}.`));
  }
  return out;
}

function licenceChecks(
  data: CrossTenantUserData,
  target: DirectoryMailUser,
  rules: CrossTenantRules,
): Finding[] {
  const out: Finding[] = [];
  const wanted = new Set(rules.licenceSkus);
  const has = (skus: string[] | null) => (skus ?? []).some((s) => wanted.has(s.toUpperCase()));
  if (!has(data.targetSkus) && !has(data.sourceSkus ?? null)) {
    out.push(
      data.sourceSkus === undefined
        ? warnWith(
            'cross-tenant-licence',
            'The target user has no cross-tenant licence, and the source user could not be checked.',
          )
        : failWith(
            'cross-tenant-licence',
            'Neither the source nor the target user has the cross-tenant licence.',
          ),
    );
  }
  const exchangeLicence = (data.targetSkus ?? []).find((s) => EXCHANGE_SKUS.includes(s.toUpperCase()));
  if (exchangeLicence && !hasGuid(target.exchangeGuid)) {
    out.push(
      failWith('licence-order', `The target user has ${exchangeLicence} but no ExchangeGuid stamped yet.`),
    );
  }
  return out;
}

/** Every per-user cross-tenant check of reference §3 on what was read; pure. */
export function checkCrossTenantUser(data: CrossTenantUserData, rules: CrossTenantRules): Finding[] {
  const { target, source } = data;
  if (!target) return [failWith('target-mailuser', `No MailUser ${data.email} in the target tenant.`)];
  if (target.recipientTypeDetails !== 'MailUser') {
    return [
      failWith(
        'target-mailuser',
        `${data.email} is a ${target.recipientTypeDetails} in the target, not a MailUser (was it licensed too early?).`,
      ),
    ];
  }
  const out: Finding[] = [];
  if (data.targetUser && data.targetUser.previousRecipientTypeDetails !== 'None') {
    out.push(
      failWith(
        'previous-mailbox',
        `The target user remembers a previous ${data.targetUser.previousRecipientTypeDetails}.`,
      ),
    );
  }
  out.push(...domainChecks(target, rules), ...licenceChecks(data, target, rules));
  if (source === undefined) return out;
  if (!source) {
    out.push(
      failWith(
        'source-mailbox',
        `No source mailbox at ${target.externalEmailAddress ?? '(no ExternalEmailAddress)'}.`,
      ),
    );
    return out;
  }
  out.push(...identityChecks(target, source));
  const holds = holdsOf(source);
  if (holds.length > 0) out.push(failWith('source-holds', `The source mailbox is on ${holds.join(', ')}.`));
  if (source.auxArchiveCount > MAX_AUX_ARCHIVES) {
    out.push(failWith('aux-archives', `The source has ${source.auxArchiveCount} auxiliary archives.`));
  } else if (source.auxArchiveCount > 0) {
    out.push(
      warnWith(
        'aux-archives',
        `The source has ${source.auxArchiveCount} auxiliary archive(s); an expansion during the move fails it.`,
      ),
    );
  }
  if (data.inScopeGroup === false) {
    out.push(failWith('scope-group', `${source.primarySmtpAddress} is not in the published scope group.`));
  }
  return out;
}
