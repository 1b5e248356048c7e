import { describe, expect, it } from 'vitest';
import { domainRule, inDomain, isEmailAddress, isInitialDomain } from '../../../services/csv/address';

describe('isEmailAddress', () => {
  it.each([
    'ana@contoso.com',
    'Ana.Lopez@Contoso.COM',
    "o'neil+tag@north-wind.example.org",
    'x_y@a1.b2',
    `${'a'.repeat(64)}@contoso.com`,
    `ana@${'b'.repeat(63)}.com`,
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    '',
    'ana',
    'ana@',
    '@contoso.com',
    'ana@contoso',
    '.ana@contoso.com',
    'ana.@contoso.com',
    'ana..lopez@contoso.com',
    'ana@.contoso.com',
    'ana@contoso..com',
    'ana@contoso.com.',
    'ana@-contoso.com',
    'ana@contoso-.com',
    'ana@con_toso.com',
    'ana lopez@contoso.com',
    '"ana"@contoso.com',
    'zoë@contoso.com',
    'ana@contoso@com',
    `${'a'.repeat(65)}@contoso.com`,
    `ana@${'b'.repeat(64)}.com`,
    `${'a'.repeat(60)}@${'b.'.repeat(100)}com`,
  ])('refuses %j', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

describe('isInitialDomain', () => {
  it.each([
    ['ana@contoso.onmicrosoft.com', true],
    ['ana@contoso.onmicrosoft.com.evil.example', false],
    ['ana@sub.contoso.onmicrosoft.com', false],
    ['ana@onmicrosoft.com', false],
    ['ana@contoso.com', false],
  ])('%s: %s', (address, initial) => {
    expect(isInitialDomain(address)).toBe(initial);
  });
});

describe('domainRule', () => {
  it('cleans the configured domains and names at most three', () => {
    const rule = domainRule([' @Contoso.com ', 'fabrikam.com', '', 'a.example', 'b.example'])!;
    expect(rule.listed).toBe('contoso.com, fabrikam.com, a.example, …');
    expect(inDomain('ana@contoso.com', rule)).toBe(true);
    expect(inDomain('ana@sub.contoso.com', rule)).toBe(false);
  });

  it('is no rule when no domain is configured', () => {
    expect(domainRule(undefined)).toBeUndefined();
    expect(domainRule([' ', ''])).toBeUndefined();
  });
});
