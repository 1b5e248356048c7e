import type { SimulatorCall } from '../simulator-api';
import type { Tenant } from '../seed/world-types';

/** The most recent calls kept; older ones are dropped. */
export const CALL_LOG_LIMIT = 10_000;

interface LoggedCall {
  call: SimulatorCall;
  /** The tenant the URL named, when it resolved. */
  tenant?: Tenant;
}

export interface CallFilter {
  cmdlet?: string;
  tenant?: string;
}

/** Every InvokeCommand request, including refused, throttled and failed ones. */
export class CallLog {
  private entries: LoggedCall[] = [];

  record(call: SimulatorCall, tenant?: Tenant): void {
    this.entries.push({ call, tenant });
    if (this.entries.length > CALL_LOG_LIMIT) this.entries = this.entries.slice(-CALL_LOG_LIMIT);
  }

  /**
   * Calls in arrival order. `cmdlet` matches case-insensitively; `tenant` matches the URL segment as
   * sent, or the tenant's GUID, onmicrosoft domain, short name or any accepted domain.
   */
  list(filter: CallFilter = {}): SimulatorCall[] {
    const cmdlet = filter.cmdlet?.toLowerCase();
    const tenant = filter.tenant?.toLowerCase();
    return this.entries
      .filter((e) => cmdlet === undefined || e.call.cmdlet.toLowerCase() === cmdlet)
      .filter((e) => tenant === undefined || matchesTenant(e, tenant))
      .map((e) => e.call);
  }

  clear(): void {
    this.entries = [];
  }
}

function matchesTenant(entry: LoggedCall, wanted: string): boolean {
  if (entry.call.tenant.toLowerCase() === wanted) return true;
  const t = entry.tenant;
  return (
    t !== undefined &&
    (t.id === wanted || t.domain === wanted || t.name === wanted || t.acceptedDomains.includes(wanted))
  );
}
