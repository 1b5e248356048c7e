import { describe, expect, it } from 'vitest';
import { AddressScan, isEmailAddress } from '../../../services/csv/address-scan';

/**
 * The grammar the scan implements, as a regular expression: RFC 5322 dot-atoms before the '@',
 * LDH labels after it, with SMTP's length limits checked beside it.
 */
const GRAMMAR =
  /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const byGrammar = (s: string) => s.length <= 254 && GRAMMAR.test(s) && s.indexOf('@') <= 64;

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

  it('agrees with the grammar on 100,000 random strings', () => {
    const alphabet = 'aZ9.@-_!\'"é +';
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 100_000; n++) {
      let s = '';
      const length = 1 + Math.floor(random() * 10);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      if (isEmailAddress(s) !== byGrammar(s)) throw new Error(`disagree on ${JSON.stringify(s)}`);
    }
  });
});

describe('AddressScan', () => {
  it('hashes an address the same whatever its case, and reports capitals and labels', () => {
    const scan = new AddressScan();
    expect(scan.scan('Ana.Lopez@Contoso.onmicrosoft.com')).toBe(true);
    const { hash, upper, labels, at } = scan;
    expect([upper, labels, at]).toEqual([true, 3, 9]);
    expect(scan.scan('ana.lopez@contoso.onmicrosoft.com')).toBe(true);
    expect([scan.hash, scan.upper]).toEqual([hash, false]);
    expect(scan.scan('ana.lopez@contoso.onmicrosoft.net')).toBe(true);
    expect(scan.hash).not.toBe(hash);
  });
});
