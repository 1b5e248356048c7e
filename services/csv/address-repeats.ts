import { sameIgnoringCase } from './address-scan';

/**
 * Finds the addresses of one column that repeat an earlier row, ignoring case. Rows are collected
 * as (hash, row index) pairs while the file is read, then ordered by hash with a stable radix sort:
 * sequential passes over two small typed arrays, which on tens of thousands of rows cost several
 * times less than a hash table's random probes (or a growing Set of lower-cased copies). Only rows
 * whose hashes match are compared as text, read back through `keyAt`.
 */
export class AddressRepeats {
  private hashes: Int32Array;
  private indexes: Int32Array;
  private count = 0;

  /** `capacity`: the most rows that will be added; `keyAt`: the address of a row index. */
  constructor(
    capacity: number,
    private readonly keyAt: (index: number) => string,
  ) {
    this.hashes = new Int32Array(capacity);
    this.indexes = new Int32Array(capacity);
  }

  /** Notes the address of row `index` by its case-insensitive hash; indexes must increase. */
  add(hash: number, index: number): void {
    this.hashes[this.count] = hash;
    this.indexes[this.count++] = index;
  }

  /** Each row repeating an earlier address, with the row index where that address first appears. */
  find(): { index: number; first: number }[] {
    this.sortByHash();
    const { hashes, indexes, count } = this;
    const repeats: { index: number; first: number }[] = [];
    for (let start = 0; start < count; ) {
      let end = start + 1;
      while (end < count && hashes[end] === hashes[start]) end++;
      // Rows sharing a hash, in file order: compare their text (rarely more than one row).
      for (let j = start + 1; j < end; j++) {
        const address = this.keyAt(indexes[j]!);
        for (let i = start; i < j; i++) {
          if (sameIgnoringCase(address, 0, this.keyAt(indexes[i]!).toLowerCase())) {
            repeats.push({ index: indexes[j]!, first: indexes[i]! });
            break;
          }
        }
      }
      start = end;
    }
    return repeats;
  }

  /** Least-significant-digit radix sort on the hash, a byte at a time; stable, so file order holds. */
  private sortByHash(): void {
    const n = this.count;
    let hashes: Int32Array = this.hashes;
    let indexes: Int32Array = this.indexes;
    let hashesOut: Int32Array = new Int32Array(n);
    let indexesOut: Int32Array = new Int32Array(n);
    const offsets = new Int32Array(256);
    for (let shift = 0; shift < 32; shift += 8) {
      offsets.fill(0);
      for (let i = 0; i < n; i++) offsets[(hashes[i]! >>> shift) & 255]!++;
      for (let b = 0, sum = 0; b < 256; b++) {
        const size = offsets[b]!;
        offsets[b] = sum;
        sum += size;
      }
      for (let i = 0; i < n; i++) {
        const at = offsets[(hashes[i]! >>> shift) & 255]!++;
        hashesOut[at] = hashes[i]!;
        indexesOut[at] = indexes[i]!;
      }
      [hashes, hashesOut] = [hashesOut, hashes];
      [indexes, indexesOut] = [indexesOut, indexes];
    }
    this.hashes = hashes;
    this.indexes = indexes;
  }
}
