import { randomUUID } from 'node:crypto';
import {
  FINAL_STATUSES,
  type MwzConnector,
  type MwzItem,
  type MwzItemError,
  type MwzPass,
  type PerType,
} from './mwz-schema';
import { DATA_TYPES, type MwzSourceMailbox, type MwzWorkgroup } from './mwz-world';
import { planPass, SEEDED_ERRORS, ITEM_TOO_LARGE_TEXT } from './pass-plan';
import { END_USER_WAIT_MS, realMs, STOPPING_MS, SUBMIT_MS } from './pass-timing';

/** What the pass engine reads and writes besides the passes of one project. */
export interface PassWorld {
  speed: number;
  item(id: string): MwzItem | undefined;
  source(workgroup: MwzWorkgroup, address: string): MwzSourceMailbox | undefined;
  recordError(error: MwzItemError): void;
}

interface PassEvent {
  at: number;
  apply(at: number): void;
}

const isFinal = (pass: MwzPass) => FINAL_STATUSES.includes(pass.status);

/** The item waits for its user's own credentials before any pass of it can run. */
export function needsEndUser(
  item: MwzItem,
  connector: MwzConnector,
  source: MwzSourceMailbox | undefined,
): boolean {
  if (item.userSupplied) return false;
  if (source?.defect === 'needs-user' && !item.exportCredentials) return true;
  return (
    (!connector.exportSide.administrative && !item.exportCredentials) ||
    (!connector.importSide.administrative && !item.importCredentials)
  );
}

/** Share of a Processing pass done at `at` (0..1). */
export function doneShare(pass: MwzPass, at: number): number {
  if (pass.startedAt === null || pass.endsAt === null || pass.endsAt <= pass.startedAt) return 0;
  return Math.min(1, Math.max(0, (at - pass.startedAt) / (pass.endsAt - pass.startedAt)));
}

function add(into: PerType, from: PerType, share = 1): void {
  for (const t of DATA_TYPES) {
    into[t].count += Math.floor(from[t].count * share);
    into[t].sizeBytes += Math.round(from[t].sizeBytes * share);
  }
}

function subtract(from: PerType, what: PerType): void {
  for (const t of DATA_TYPES) {
    from[t].count = Math.max(0, from[t].count - what[t].count);
    from[t].sizeBytes = Math.max(0, from[t].sizeBytes - what[t].sizeBytes);
  }
}

/** Plays one project's passes forward to `now`. Returns true when anything changed. */
export function advanceProject(
  connector: MwzConnector,
  workgroup: MwzWorkgroup,
  passes: MwzPass[],
  now: number,
  world: PassWorld,
): boolean {
  const active = passes.filter((p) => !isFinal(p));
  if (active.length === 0) return false;
  const speed = world.speed;
  const sourceOf = (item: MwzItem) => world.source(workgroup, item.exportEmailAddress);

  const start = (pass: MwzPass, at: number) => {
    const item = world.item(pass.mailboxId);
    if (!item) return;
    const { plan, durationMs } = planPass(pass, item, sourceOf(item), workgroup, connector, at);
    pass.plan = plan;
    pass.status = 'Processing';
    pass.statusSince = at;
    pass.startedAt = at;
    pass.endsAt = at + realMs(durationMs, speed);
  };

  const fillSlots = (at: number) => {
    let processing = active.filter((p) => p.status === 'Processing').length;
    while (processing < connector.maximumSimultaneousMigrations) {
      let best: MwzPass | undefined;
      for (const p of active) {
        if (p.status !== 'Queued') continue;
        if (
          !best ||
          p.priority < best.priority ||
          (p.priority === best.priority && p.createdAt < best.createdAt)
        ) {
          best = p;
        }
      }
      if (!best) return;
      start(best, at);
      processing++;
    }
  };

  const finish = (pass: MwzPass, at: number) => {
    const item = world.item(pass.mailboxId);
    const plan = pass.plan;
    pass.completedAt = at;
    pass.statusSince = at;
    if (!item || !plan || plan.failureMessage) {
      pass.status = 'Failed';
      pass.failureMessage = plan?.failureMessage ?? 'The item no longer exists.';
      return;
    }
    pass.status = 'Completed';
    add(item.moved, plan.moves);
    if (plan.repairs) subtract(item.failed, plan.moves);
    add(item.failed, plan.errors);
    add(item.errorTotals, plan.errors);
    const seconds = (at - (pass.startedAt ?? at)) * speed;
    item.exportDurationMs += Math.round(seconds);
    item.importDurationMs += Math.round(seconds * 1.1);
    if (DATA_TYPES.some((t) => plan.errors[t].count > 0)) {
      item.seededErrorsDone = true;
      for (const e of SEEDED_ERRORS) {
        world.recordError({
          id: randomUUID(),
          mailboxId: item.id,
          connectorId: item.connectorId,
          migrationId: pass.id,
          type: e.type,
          createdAt: at,
          itemSize: e.sizeBytes,
          message: ITEM_TOO_LARGE_TEXT,
          itemSubject: e.subject,
        });
      }
    }
  };

  const nextEvent = (): PassEvent | null => {
    let best: PassEvent | null = null;
    const consider = (event: PassEvent) => {
      if (!best || event.at < best.at) best = event;
    };
    for (const pass of active) {
      switch (pass.status) {
        case 'Submitted':
          consider({
            at: pass.createdAt + realMs(SUBMIT_MS, speed),
            apply: (t) => {
              const item = world.item(pass.mailboxId);
              pass.status =
                item && needsEndUser(item, connector, sourceOf(item)) ? 'WaitingForEndUser' : 'Queued';
              pass.statusSince = t;
            },
          });
          break;
        case 'WaitingForEndUser':
          consider({
            at: pass.statusSince + realMs(END_USER_WAIT_MS, speed),
            apply: (t) => {
              const item = world.item(pass.mailboxId);
              if (item) item.userSupplied = true;
              pass.status = 'Queued';
              pass.statusSince = t;
            },
          });
          break;
        case 'Processing':
          consider({ at: pass.endsAt ?? pass.statusSince, apply: (t) => finish(pass, t) });
          break;
        case 'Stopping':
          consider({
            at: pass.statusSince + realMs(STOPPING_MS, speed),
            apply: (t) => {
              const item = world.item(pass.mailboxId);
              if (item && pass.plan && pass.stoppedShare !== null)
                add(item.moved, pass.plan.moves, pass.stoppedShare);
              pass.status = 'Stopped';
              pass.statusSince = t;
              pass.completedAt = t;
            },
          });
          break;
        default:
          break;
      }
    }
    return best;
  };

  let changed = false;
  fillSlots(now);
  for (let i = 0; i < 200_000; i++) {
    const event = nextEvent();
    if (!event || event.at > now) break;
    event.apply(event.at);
    fillSlots(event.at);
    changed = true;
  }
  return changed;
}

/** Asks a pass to stop; refused (false) when it is final already. */
export function requestStop(pass: MwzPass, now: number): boolean {
  if (isFinal(pass)) return false;
  if (pass.status === 'Stopping') return true;
  pass.stoppedShare = pass.status === 'Processing' ? doneShare(pass, now) : null;
  pass.status = 'Stopping';
  pass.statusSince = now;
  return true;
}

/** The user supplied their credentials: the item's waiting passes queue at once. */
export function supplyCredentials(item: MwzItem, passes: MwzPass[], now: number): void {
  item.userSupplied = true;
  for (const pass of passes) {
    if (pass.mailboxId === item.id && pass.status === 'WaitingForEndUser') {
      pass.status = 'Queued';
      pass.statusSince = now;
    }
  }
}
