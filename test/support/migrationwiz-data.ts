import type { SimulatorCall } from '../../simulator';

/** A mailbox the simulator seeded in a MigrationWiz workgroup, with its defect if it has one. */
export interface SeededMailbox {
  source: string;
  target: string;
  defect?: string;
}

interface Listing {
  workgroups: { id: string; mailboxes: SeededMailbox[] }[];
}

/** Seed 004's workgroup: Litware's hoster move (same address on both sides). */
export const LITWARE_WORKGROUP = '4c9a2e7b-3d1f-4b6a-8e2c-7a5d9f1b3c42';

/** The mailboxes the simulator seeded in one MigrationWiz workgroup (`GET /_simulator/migrationwiz`). */
export async function seededMailboxes(simulatorUrl: string, workgroupId: string): Promise<SeededMailbox[]> {
  const res = await fetch(`${simulatorUrl}/_simulator/migrationwiz`);
  if (!res.ok) throw new Error(`GET /_simulator/migrationwiz answered ${res.status}`);
  const listing = (await res.json()) as Listing;
  const workgroup = listing.workgroups.find((w) => w.id === workgroupId);
  if (!workgroup) throw new Error(`the simulator has no MigrationWiz workgroup ${workgroupId}`);
  return workgroup.mailboxes;
}

export type PassCallType = 'Verification' | 'Prestage' | 'Full' | 'Repair';

/**
 * The passes the simulator accepted, one entry per item in the order they arrived; a Full pass with an
 * `ItemEndDate` is the pre-stage.
 */
export function passCalls(calls: SimulatorCall[]): { type: PassCallType; item: string; before?: string }[] {
  return calls
    .filter((c) => c.cmdlet === 'MigrationWiz:Create:MailboxMigration' && c.status === 200)
    .flatMap(
      (c) => (c.parameters.entities as { Type: string; MailboxId: string; ItemEndDate?: string }[]) ?? [],
    )
    .map((e) => ({
      type: (e.ItemEndDate ? 'Prestage' : e.Type) as PassCallType,
      item: e.MailboxId,
      before: e.ItemEndDate,
    }));
}

/** The pass types in the order they arrived, with runs of the same type folded into one. */
export function passOrder(passes: { type: PassCallType }[]): PassCallType[] {
  return passes.map((p) => p.type).filter((type, i, all) => i === 0 || all[i - 1] !== type);
}
