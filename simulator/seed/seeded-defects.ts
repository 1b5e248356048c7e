import type { CrossTenantPair } from './cross-tenant-pairs';
import { inPlaceHoldId, recipientPrng, secondaryProxy } from './directory-attributes';
import type { DefectKind, SeededDefect } from './world-types';

/**
 * Preflight defects seeded on Contoso/Northwind pairs. Positions are 0-based indexes into the list of
 * regular movers (the Northwind MailUser list and the Contoso mailbox list share them). All are 100 or
 * more, so the first users of each list, which demos and tests take, stay clean; each defect sits on
 * exactly three users and no user has two.
 */
export const DEFECT_POSITIONS = {
  'missing-x500': [103, 187, 251],
  'exchange-guid-mismatch': [108, 192, 263],
  'litigation-hold': [115, 199, 270],
  'in-place-hold': [121, 206, 278],
  'non-owned-proxy': [129, 214, 285],
  'stale-previous-mailbox': [136, 222, 293],
} as const satisfies Partial<Record<DefectKind, readonly number[]>>;

/**
 * delegate-split: an assistant (the delegate) holds FullAccess on one manager's mailbox and
 * SendOnBehalf on another's. Cross-tenant moves keep neither, so all three must move together.
 */
export const DELEGATE_SPLIT = {
  fullAccessPrincipal: 144,
  delegate: 230,
  sendOnBehalfPrincipal: 301,
} as const;

type PairDefect = keyof typeof DEFECT_POSITIONS;

/** How each defect changes a correct pair. */
const APPLY: Record<PairDefect, (pair: CrossTenantPair) => void> = {
  'missing-x500': ({ source, target }) => {
    const wanted = `x500:${source.legacyExchangeDN}`.toLowerCase();
    target.emailAddresses = target.emailAddresses.filter((a) => a.toLowerCase() !== wanted);
  },
  'exchange-guid-mismatch': ({ target }) => {
    target.exchangeGuid = recipientPrng(target.objectId, target.email, 'stale-guid').guid();
  },
  'litigation-hold': ({ source }) => {
    source.holds.litigationHoldEnabled = true;
  },
  'in-place-hold': ({ source }) => {
    source.holds.inPlaceHolds = [inPlaceHoldId(source.objectId, source.email)];
  },
  'non-owned-proxy': ({ source, target }) => {
    // The source tenant's own address: the target cannot own it while the source does.
    target.emailAddresses.push(secondaryProxy(source.email));
  },
  'stale-previous-mailbox': ({ target }) => {
    target.previousRecipientTypeDetails = 'UserMailbox';
  },
};

function pairAt(pairs: CrossTenantPair[], position: number): CrossTenantPair {
  const pair = pairs[position];
  if (!pair) throw new Error(`no mover at position ${position} to seed a defect on`);
  return pair;
}

function delegateSplit(pairs: CrossTenantPair[]): CrossTenantPair[] {
  const fullAccess = pairAt(pairs, DELEGATE_SPLIT.fullAccessPrincipal);
  const delegate = pairAt(pairs, DELEGATE_SPLIT.delegate);
  const sendOnBehalf = pairAt(pairs, DELEGATE_SPLIT.sendOnBehalfPrincipal);
  fullAccess.source.fullAccessGrantedTo.push(delegate.source.userPrincipalName);
  sendOnBehalf.source.grantSendOnBehalfTo.push(delegate.source.email);
  return [fullAccess, delegate, sendOnBehalf];
}

/**
 * Seeds the defects on the movers (`pairs`, regular users first) and the unlicensed pairs, and
 * returns which target address carries which defect.
 */
export function seedDefects(
  targetTenant: string,
  pairs: CrossTenantPair[],
  unlicensed: CrossTenantPair[],
): SeededDefect[] {
  const defects: SeededDefect[] = [];
  const record = (defect: DefectKind, affected: CrossTenantPair[]) => {
    for (const { target } of affected) defects.push({ tenant: targetTenant, email: target.email, defect });
  };
  for (const [defect, positions] of Object.entries(DEFECT_POSITIONS) as [PairDefect, readonly number[]][]) {
    const affected = positions.map((position) => pairAt(pairs, position));
    for (const pair of affected) APPLY[defect](pair);
    record(defect, affected);
  }
  for (const { target } of unlicensed) target.licences = [];
  record('missing-licence', unlicensed);
  record('delegate-split', delegateSplit(pairs));
  return defects;
}
