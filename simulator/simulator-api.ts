import type { Logger } from 'pino';

export interface SimulatorOptions {
  /** Default 0 (a random free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Simulated seconds per real second; default 1. */
  speed?: number;
  /** Clock in ms; default Date.now (tests may inject). */
  now?: () => number;
  /** When set: load the state at start and persist every change (temporary file + rename). */
  stateFile?: string;
  /** PRNG seed for the demo data; the default is fixed so the data is deterministic. */
  seed?: number;
  /** Page size cap, default 1000 (a smaller `Prefer: odata.maxpagesize` is honoured). */
  pageSize?: number;
  logger?: Logger;
  /**
   * Extra Contoso mailbox / Northwind MailUser pairs (default 0), for tests that need big batches.
   * They come after the regular users and before the unlicensed ones.
   */
  extraMailUsers?: number;
}

export interface SimulatorCall {
  at: string;
  tenant: string;
  cmdlet: string;
  parameters: Record<string, unknown>;
  status: number;
  requestId?: string;
  page?: number;
}

export interface SimulatorFaults {
  /** Permanent per-user failure: the user goes Failed with this error once syncing starts. */
  failUser(email: string, error?: string): void;
  /** From now on Test-MigrationServerAvailability on this endpoint fails as if its remote side were down. */
  endpointDown(name: string): void;
  /** The next `count` requests (InvokeCommand or Graph) get 429 with Retry-After: retryAfterSeconds. */
  throttle(count: number, retryAfterSeconds?: number): void;
  /** The next `count` requests (InvokeCommand or Graph) get this 5xx status (default 503). */
  serverErrors(count: number, status?: number): void;
  /** Every request is delayed by ms before it is answered (0 turns it off). */
  latency(ms: number): void;
  reset(): void;
}

export interface SimulatorHandle {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  calls(filter?: { cmdlet?: string; tenant?: string }): SimulatorCall[];
  clearCalls(): void;
  faults: SimulatorFaults;
  close(): Promise<void>;
}
