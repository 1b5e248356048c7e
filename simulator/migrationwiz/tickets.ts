import { randomBytes } from 'node:crypto';
import { MwzFault } from './mwz-fault';

export interface TicketGrant {
  account: string;
  workgroupId: string;
  expiresAt: number;
}

/** Issued tickets (in memory only: a restart makes clients authenticate again). */
export class Tickets {
  private readonly issued = new Map<string, TicketGrant>();

  constructor(private readonly lifetimeMs: number) {}

  issue(account: string, workgroupId: string, now: number): { value: string; grant: TicketGrant } {
    const value = randomBytes(32).toString('base64url');
    const grant = { account, workgroupId, expiresAt: now + this.lifetimeMs };
    this.issued.set(value, grant);
    return { value, grant };
  }

  /** The grant behind a ticket; InvalidTicket or TicketExpired faults otherwise. */
  check(value: string, now: number): TicketGrant {
    if (value.trim() === '') throw new MwzFault('InvalidTicket', 'The request carries no ticket.');
    const grant = this.issued.get(value.trim());
    if (!grant) throw new MwzFault('InvalidTicket', 'The ticket is not valid.');
    if (now >= grant.expiresAt)
      throw new MwzFault('TicketExpired', 'The ticket has expired. Authenticate again.');
    return grant;
  }

  /** Every ticket issued so far is expired from now on. */
  expireAll(now: number): void {
    for (const grant of this.issued.values()) grant.expiresAt = Math.min(grant.expiresAt, now);
  }
}
