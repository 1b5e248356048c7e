import { describe, expect, it } from 'vitest';
import { AddressRepeats } from '../../../services/csv/address-repeats';
import { AddressScan } from '../../../services/csv/address-scan';

function repeatsOf(addresses: string[], hashOf: (address: string) => number) {
  const repeats = new AddressRepeats(addresses.length, (index) => addresses[index]!);
  addresses.forEach((address, index) => {
    repeats.add(hashOf(address), index);
  });
  return repeats.find().sort((a, b) => a.index - b.index);
}

const scan = new AddressScan();
const realHash = (address: string) => (scan.scan(address) ? scan.hash : 0);

describe('AddressRepeats', () => {
  it('names the first row of each repeated address, ignoring case', () => {
    const addresses = [
      'ana@contoso.com',
      'ben@contoso.com',
      'ANA@contoso.com',
      'cy@contoso.com',
      'Ana@Contoso.com',
    ];
    expect(repeatsOf(addresses, realHash)).toEqual([
      { index: 2, first: 0 },
      { index: 4, first: 0 },
    ]);
  });

  it('compares the text when different addresses share a hash', () => {
    const addresses = ['ana@contoso.com', 'ben@contoso.com', 'ana@contoso.com', 'ben@contoso.com'];
    expect(repeatsOf(addresses, () => 42)).toEqual([
      { index: 2, first: 0 },
      { index: 3, first: 1 },
    ]);
  });

  it('finds nothing among distinct addresses whatever their hashes', () => {
    const addresses = Array.from({ length: 5000 }, (_, i) => `user${i}@contoso.com`);
    expect(repeatsOf(addresses, realHash)).toEqual([]);
    expect(repeatsOf(addresses, (a) => a.length)).toEqual([]);
  });

  it('keeps file order among equal hashes across the whole 32-bit range', () => {
    const hashes = [-1, 0x7fffffff, -2147483648, 0, -1, 0x7fffffff];
    const addresses = ['a@x.co', 'b@x.co', 'c@x.co', 'd@x.co', 'a@x.co', 'b@x.co'];
    const repeats = new AddressRepeats(6, (index) => addresses[index]!);
    hashes.forEach((hash, index) => {
      repeats.add(hash, index);
    });
    expect(repeats.find().sort((a, b) => a.index - b.index)).toEqual([
      { index: 4, first: 0 },
      { index: 5, first: 1 },
    ]);
  });
});
