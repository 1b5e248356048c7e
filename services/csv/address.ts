/**
 * An SMTP address as Exchange accepts it in a migration CSV: ASCII; a local part of RFC 5322 atoms
 * joined by single dots; a domain of two or more labels of letters, digits and inner hyphens, each
 * at most 63 long. The local part is at most 64 characters and the whole address at most 254.
 */
const ADDRESS =
  /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const MAX_LENGTH = 254;
const MAX_LOCAL = 64;

export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_LENGTH && value.indexOf('@') <= MAX_LOCAL && ADDRESS.test(value);
}

/** A lower-case address in an initial domain, `<name>.onmicrosoft.com`: the one a tenant is created with. */
const INITIAL_DOMAIN = /@[^.@]+\.onmicrosoft\.com$/;

export function isInitialDomain(address: string): boolean {
  return INITIAL_DOMAIN.test(address);
}

/** The domains a tracked address must be in (lower-case), and how to name them in a message. */
export interface DomainRule {
  domains: ReadonlySet<string>;
  listed: string;
}

/** Builds the rule from configured domains; none (or an empty list) means any domain. */
export function domainRule(domains: readonly string[] | undefined): DomainRule | undefined {
  const clean = (domains ?? []).map((d) => d.trim().replace(/^@/, '').toLowerCase()).filter(Boolean);
  if (clean.length === 0) return undefined;
  const listed = clean.length > 3 ? `${clean.slice(0, 3).join(', ')}, …` : clean.join(', ');
  return { domains: new Set(clean), listed };
}

/** Whether a valid, lower-case address is in one of the rule's domains. */
export function inDomain(address: string, rule: DomainRule): boolean {
  return rule.domains.has(address.slice(address.indexOf('@') + 1));
}
