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
  /**
   * Clock in ms for the Bot Connector's rate limits; default Date.now. Kept apart from `now` (which
   * tests often stop): a stopped clock would keep a throttled conversation throttled for ever.
   */
  connectorNow?: () => number;
  /** Extra MigrationWiz pairs `bulk<n>@fabrikam.com` -> `bulk<n>@contoso.onmicrosoft.com` (default 0). */
  mwzExtraMailboxes?: number;
  /** How long a MigrationWiz ticket lasts, in seconds of the `now` clock (default 3600). */
  ticketLifetimeSeconds?: number;
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
  /**
   * The next `count` requests (InvokeCommand or Graph) get 429 with Retry-After: retryAfterSeconds
   * (default 1); null sends no Retry-After header at all.
   */
  throttle(count: number, retryAfterSeconds?: number | null): void;
  /** The next `count` requests (InvokeCommand or Graph) get this 5xx status (default 503). */
  serverErrors(count: number, status?: number): void;
  /** Every request is delayed by ms before it is answered (0 turns it off). */
  latency(ms: number): void;
  /** From now on installing a Teams app for this user through Graph fails with this status (default 403). */
  failInstall(email: string, status?: number): void;
  /** The next `count` Bot Connector activity posts get 429 with Retry-After: retryAfterSeconds (default 1). */
  connectorThrottle(count: number, retryAfterSeconds?: number): void;
  /**
   * A throttling episode: every Bot Connector activity post in the next `seconds` gets 429, with a
   * Retry-After to the end of the episode.
   */
  connectorThrottleFor(seconds: number): void;
  /** The next `count` Bot Connector activity posts get this 5xx status (default 503). */
  connectorErrors(count: number, status?: number): void;
  /** The next `count` MigrationWiz requests get a ServerBusy fault (503, Retry-After: 1). */
  mwzServerErrors(count: number): void;
  /** The next `count` MigrationWiz requests get a Throttled fault (503, Retry-After: retryAfterSeconds, default 1). */
  mwzThrottle(count: number, retryAfterSeconds?: number): void;
  /** Every MigrationWiz ticket issued so far is expired (TicketExpired on its next use). */
  mwzExpireTickets(): void;
  /**
   * The user of this address supplies their credentials to MigrationWiz: their items' WaitingForEndUser
   * passes go on at once. Returns how many items it affected.
   */
  mwzUserSuppliesCredentials(email: string): number;
  /**
   * Throttles one tenant's InvokeCommand calls only (GUID, short name or domain): the next `count` of
   * them, or all of them for `seconds`, get 429 with Retry-After: retryAfterSeconds (default 1).
   */
  throttleTenant(
    tenant: string,
    options: { count?: number; seconds?: number; retryAfterSeconds?: number },
  ): void;
  /**
   * From now on the tenant (GUID, short name or domain) reports directory synchronization as not
   * running (Get-OrganizationConfig IsDirSyncRunning false) and refuses new staged batches.
   */
  stopDirSync(tenant: string): void;
  /** Clears every injected fault (MigrationWiz's busy and throttled answers included). */
  reset(): void;
}

/** A Teams activity the Bot Connector delivered. */
export interface TeamsDelivery {
  kind: 'teams';
  at: string;
  conversationId: string;
  activityId: string;
  /** For a post to `.../activities/{replyToId}`. */
  replyToId?: string;
  /** The tenant the post was counted against. */
  tenantId?: string;
  /** The user's UPN for a 1:1 chat the simulator knows; else the recipient as the activity named it. */
  recipient?: string;
  text?: string;
  /** The activity's attachments as sent (Adaptive Cards as objects). */
  attachments: unknown[];
  /** `data.noticeId` of the first Adaptive Card action that carries one. */
  noticeId?: string;
}

/** A mail sent through Graph sendMail. */
export interface MailDelivery {
  kind: 'mail';
  at: string;
  id: string;
  /** The sending mailbox's primary address. */
  sender: string;
  to: string[];
  subject: string;
  /** The body as sent (`contentType` HTML or Text). */
  body: string;
  contentType: string;
  /** The `x-` internet message headers, by name as sent. */
  headers: Record<string, string>;
  /** The value of the first header whose name contains `notice` (for example `x-cutover-notice-id`). */
  noticeId?: string;
}

export type SimulatorDelivery = TeamsDelivery | MailDelivery;

/** Why the Bot Connector answered 429. */
export type ConnectorRefusalReason =
  | 'conversationPerSecond'
  | 'conversationPer2Seconds'
  | 'conversationPer30Seconds'
  | 'conversationPerHour'
  | 'tenantPerSecond'
  | 'injected';

export interface ConnectorStats {
  /** Activities delivered. */
  sent: number;
  /** Conversations created (`POST /v3/conversations` answered 200). */
  conversationsCreated: number;
  /** Requests answered 429, by the limit that refused them (`injected`: the connectorThrottle fault). */
  refused: Record<ConnectorRefusalReason, number>;
  /** Activity posts answered with an injected 5xx (the connectorErrors fault). */
  failed: number;
}

export interface SimulatorHandle {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  calls(filter?: { cmdlet?: string; tenant?: string }): SimulatorCall[];
  clearCalls(): void;
  faults: SimulatorFaults;
  /** Teams activities the Bot Connector delivered and mails sent through Graph, in the order they happened. */
  deliveries(filter?: { kind?: 'teams' | 'mail'; noticeId?: string }): SimulatorDelivery[];
  /**
   * Whether the password a staged CSV set for this cloud user is `candidate` (tenant: GUID, short name
   * or domain). The simulator keeps these passwords only as salted hashes in memory.
   */
  stagedPasswordMatches(tenant: string, email: string, candidate: string): boolean;
  /** What the Bot Connector delivered and refused since the start. */
  connectorStats(): ConnectorStats;
  close(): Promise<void>;
}
