import { licenceFailureText } from '../seed/failure-texts';
import type { MigrationUser, UserFault } from '../state/state-schema';

/** What the engine needs from its surroundings. */
export interface EngineEnv {
  speed: number;
  /** A fault added at run time (SimulatorFaults.failUser) for this address, if any. */
  faultFor(email: string): UserFault | undefined;
}

export interface PendingFailure {
  error: string;
  /** The failure cannot act before this time. */
  since: number;
}

/** The permanent failure waiting for this user once it transfers: seeded data first, then run-time faults. */
export function pendingFailure(user: MigrationUser, env: EngineEnv): PendingFailure | null {
  if (user.seededFailure !== null) return { error: user.seededFailure, since: Number.NEGATIVE_INFINITY };
  const fault = env.faultFor(user.email);
  if (!fault) return null;
  return {
    error: fault.error ?? licenceFailureText(user.sourceAddress ?? user.email, user.email),
    since: fault.since,
  };
}
