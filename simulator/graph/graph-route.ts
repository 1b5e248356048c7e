import type { FaultController } from '../faults/fault-controller';
import type { MessagingStore } from '../messaging/messaging-store';
import type { Tenant } from '../seed/world-types';
import type { SimulatorState } from '../state/simulator-state';

/** What a route adds to its call-log entry, also when it refuses the request. */
export interface GraphCallNotes {
  /** Merged into the entry's parameters (after the path parameters and the query). */
  parameters: Record<string, unknown>;
  /** The tenant the request concerned, once known. */
  tenant?: Tenant;
}

/** What a Graph route handler sees. */
export interface GraphRouteRequest {
  tenants: readonly Tenant[];
  /** The path parameters, URL-decoded, in the order of the route's `params`. */
  params: string[];
  url: URL;
  /** `http://<host>/v1.0` as the client addressed it, for @odata.context and @odata.nextLink. */
  serviceRoot: string;
  /** The request body, parsed as JSON, for routes that take one. */
  body?: unknown;
  /** App installations, chats, delivered Teams activities and sent mails. */
  messaging: MessagingStore;
  faults: FaultController;
  /** The simulator's clock, in ms. */
  now: number;
  /** The whole simulated organisation (the cross-tenant migration jobs live there). */
  state: SimulatorState;
  log: GraphCallNotes;
}

export interface GraphAnswer {
  /** Default 200. */
  status?: number;
  /** Undefined for an answer without a body (201 and 202 of some writes). */
  body: unknown;
  /** The tenant the answer came from, for the call log. */
  tenant?: Tenant;
}

/** One Graph operation: matched on the path after `/v1.0`. Handlers throw GraphError for failures. */
export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  /** Names of the pattern's groups, for the call log's parameters. */
  params: string[];
  /** How the call log names the operation, e.g. `GET licenseDetails`. */
  name: string;
  handle(request: GraphRouteRequest): GraphAnswer;
}
