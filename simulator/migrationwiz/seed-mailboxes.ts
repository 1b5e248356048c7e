import { createPrng, hashString } from '../seed/prng';
import type { DataType, MwzDefect, MwzSourceMailbox, TypeVolume } from './mwz-world';

/** How a mailbox's items and bytes split over the item types (mail dominates both). */
const ITEM_SHARE: Record<DataType, number> = { Mail: 0.85, Calendar: 0.07, Contact: 0.05, Task: 0.03 };
const BYTE_SHARE: Record<DataType, number> = { Mail: 0.92, Calendar: 0.06, Contact: 0.015, Task: 0.005 };

/** The per-type volumes of a mailbox of this size and item count; stable for its address. */
export function volumesFor(
  address: string,
  sizeBytes: number,
  itemCount: number,
): Record<DataType, TypeVolume> {
  const rng = createPrng(hashString(`mwz/${address.toLowerCase()}`));
  const volume = (type: DataType): TypeVolume => {
    const jitter = 0.8 + 0.4 * rng.next();
    return {
      count: Math.max(5, Math.round(itemCount * ITEM_SHARE[type] * jitter)),
      sizeBytes: Math.max(50_000, Math.round(sizeBytes * BYTE_SHARE[type] * jitter)),
    };
  };
  return {
    Mail: volume('Mail'),
    Calendar: volume('Calendar'),
    Contact: volume('Contact'),
    Task: volume('Task'),
  };
}

export function sourceMailbox(
  address: string,
  displayName: string,
  sizeBytes: number,
  itemCount: number,
  defect?: MwzDefect,
): MwzSourceMailbox {
  return {
    address,
    displayName,
    volumes: volumesFor(address, sizeBytes, itemCount),
    ...(defect ? { defect } : {}),
  };
}

/** Which seeded pair carries which defect: positions 3, 6 and 9 (1-based 4th, 7th, 10th). */
export function defectAt(index: number): MwzDefect | undefined {
  if (index === 3) return 'bad-source-credentials';
  if (index === 6) return 'item-errors';
  if (index === 9) return 'needs-user';
  return undefined;
}
