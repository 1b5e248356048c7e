import type { DelegateGroup, Finding } from '../model/preflight';
import { warnWith } from './checks';

/** A permission between two source mailboxes: `principal` lets `delegate` act on its mailbox. */
export interface DelegateLink {
  principal: string;
  delegate: string;
  /** e.g. "FullAccess" or "SendOnBehalf". */
  right: string;
}

export interface DelegateInput {
  /** Links found on this batch's source mailboxes (source addresses). */
  links: DelegateLink[];
  /** Source address → target address (the address in batch CSVs), for every mover known. */
  targetOf: Map<string, string>;
  /** Target addresses of this batch. */
  batchUsers: Set<string>;
  batchName: string;
  /** Target address → the name of the other active batch that holds it. */
  otherBatches: Map<string, string>;
}

/** Union-find over addresses: the groups of mailboxes that have to move together. */
function groupsOf(links: { a: string; b: string }[]): Map<string, string[]> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  for (const { a, b } of links) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const root = find(x);
    groups.set(root, [...(groups.get(root) ?? []), x]);
  }
  return groups;
}

const where = (input: DelegateInput, email: string) =>
  input.batchUsers.has(email) ? input.batchName : input.otherBatches.get(email);

/**
 * Groups of connected mailboxes that this batch would split (some members in it, some elsewhere or
 * in no batch), and a warning for each of this batch's users in such a group. Cross-tenant moves do
 * not keep mailbox permissions, so every group should move in one batch: the groups are the proposal.
 */
export function analyseDelegates(input: DelegateInput): {
  groups: DelegateGroup[];
  findings: Map<string, Finding>;
} {
  const target = (source: string) => input.targetOf.get(source.toLowerCase()) ?? source.toLowerCase();
  const links = input.links
    .map((l) => ({ ...l, a: target(l.principal), b: target(l.delegate) }))
    .filter((l) => l.a !== l.b);
  const groups: DelegateGroup[] = [];
  const findings = new Map<string, Finding>();
  for (const members of groupsOf(links).values()) {
    const places = new Set(members.map((m) => where(input, m) ?? ''));
    if (places.size === 1 && places.has(input.batchName)) continue;
    const sorted = [...members].sort();
    const memberLinks = links.filter((l) => sorted.includes(l.a));
    groups.push({
      members: sorted.map((email) => ({ email, batchName: where(input, email) })),
      links: memberLinks.map((l) => `${l.a} grants ${l.right} to ${l.b}`),
    });
    const outside = sorted.filter((m) => !input.batchUsers.has(m));
    const described = outside
      .map(
        (m) => `${m} (${input.otherBatches.get(m) ? `batch ${input.otherBatches.get(m)}` : 'in no batch'})`,
      )
      .join(', ');
    for (const m of sorted.filter((x) => input.batchUsers.has(x))) {
      findings.set(
        m,
        warnWith('delegates', `Shares mailbox permissions with ${described}; move them together.`),
      );
    }
  }
  return { groups: groups.sort((x, y) => x.members[0]!.email.localeCompare(y.members[0]!.email)), findings };
}
