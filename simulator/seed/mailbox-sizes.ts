import type { Prng } from './prng';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

function logUniform(rng: Prng, min: number, max: number): number {
  return Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
}

function logNormal(rng: Prng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, median * Math.exp(sigma * rng.normal())));
}

/**
 * A mailbox size with a realistic skew: most 1-8 GB, a few tiny (50-400 MB) and a few large (12-40 GB).
 * `typical` draws only everyday sizes (0.4-5 GB); the first users of each list use it so that a demo
 * batch of the first twenty users finishes its initial sync in about an hour of simulated time.
 */
export function mailboxSize(rng: Prng, typical: boolean): number {
  if (typical) return Math.round(logNormal(rng, 2 * GB, 0.5, 0.4 * GB, 5 * GB));
  const roll = rng.next();
  if (roll < 0.05) return Math.round(logUniform(rng, 50 * MB, 400 * MB));
  if (roll < 0.1) return Math.round(logUniform(rng, 12 * GB, 40 * GB));
  return Math.round(logNormal(rng, 3 * GB, 0.55, 0.5 * GB, 11 * GB));
}

/** Item count for a mailbox of this size (average item 60-140 KB). */
export function itemCountFor(rng: Prng, sizeBytes: number): number {
  const averageItem = rng.int(60, 140) * 1024;
  return Math.max(25, Math.round(sizeBytes / averageItem));
}

/** Most mailboxes skip nothing; some skip a few bad or large items; very few skip many. */
export function skippedItemsFor(rng: Prng): number {
  const roll = rng.next();
  if (roll < 0.8) return 0;
  if (roll < 0.97) return rng.int(1, 8);
  return rng.int(25, 120);
}
