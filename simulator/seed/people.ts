import { capitalise, FIRST_NAMES, LAST_NAMES } from './names';
import { itemCountFor, mailboxSize, skippedItemsFor } from './mailbox-sizes';
import type { Prng } from './prng';

/** One person of the seeded directory, before they become recipients of a tenant. */
export interface Person {
  alias: string;
  displayName: string;
  sizeBytes: number;
  itemCount: number;
  skippedItemCount: number;
  exchangeGuid: string;
}

/** A unique `first.last` alias; a clash gets a number (`first.last2`). */
function uniqueAlias(first: string, last: string, taken: Set<string>): string {
  const base = `${first}.${last}`;
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}${n}`;
  taken.add(alias);
  return alias;
}

export function makePerson(
  rng: Prng,
  first: string,
  last: string,
  typical: boolean,
  taken: Set<string>,
): Person {
  const alias = uniqueAlias(first, last, taken);
  const sizeBytes = mailboxSize(rng, typical);
  return {
    alias,
    displayName: `${capitalise(first)} ${capitalise(last)}`,
    sizeBytes,
    itemCount: itemCountFor(rng, sizeBytes),
    skippedItemCount: skippedItemsFor(rng),
    exchangeGuid: rng.guid(),
  };
}

/** `count` people with random names; the first `typicalFirst` get everyday mailbox sizes. */
export function makePeople(rng: Prng, count: number, typicalFirst: number, taken: Set<string>): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    people.push(makePerson(rng, rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES), i < typicalFirst, taken));
  }
  return people;
}

/** A tenant's own mailbox (shared or a staff member who is not moving), named by its alias. */
export function makeOwnPerson(rng: Prng, alias: string): Person {
  const sizeBytes = mailboxSize(rng, false);
  return {
    alias,
    displayName: alias.split('.').map(capitalise).join(' '),
    sizeBytes,
    itemCount: itemCountFor(rng, sizeBytes),
    skippedItemCount: skippedItemsFor(rng),
    exchangeGuid: rng.guid(),
  };
}
