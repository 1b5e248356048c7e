import type { Logger } from 'pino';
import type { CallLog } from '../calls/call-log';
import type { ConnectorLimits } from '../connector/rate-limits';
import type { FaultController } from '../faults/fault-controller';
import type { SimulatorState } from '../state/simulator-state';

/** What the HTTP handlers share. */
export interface ServerContext {
  state: SimulatorState;
  faults: FaultController;
  calls: CallLog;
  now: () => number;
  /** Largest page served, 1..1000. */
  pageSizeCap: number;
  logger: Logger;
  /** Saves the state when something changed (no-op without a state file). */
  persist: () => void;
  /** The Bot Connector's rate limits and counters. */
  connectorLimits: ConnectorLimits;
  /** Clock for the rate limits, in ms (real time unless a test injects one). */
  connectorNow: () => number;
}
