import type { TenantConfig } from '../config/tenants';
import { CutoverError } from '../errors';
import type { Notice, NoticeChannel } from '../model/notice';

/** Where a notice went. */
export interface DeliveryOutcome {
  channel: NoticeChannel;
  /** The user's Entra object id, when the channel learned it (only this user may answer the card). */
  userId?: string;
  /** The conversation the notice was posted in (Teams channels). */
  conversationKey?: string;
}

export interface DeliveryErrorOptions {
  /** The HTTP status the channel answered with, if it answered. */
  status?: number;
  /** From a 429's Retry-After. */
  retryAfterMs?: number;
  /** Retrying cannot help (no channel can reach the user, the user blocked the app, …). */
  permanent?: boolean;
  conversationKey?: string;
}

/**
 * A notice could not be delivered. The channel answered (or was never reached), so the notice did not
 * arrive: a retry sends it again without asking the channel first.
 */
export class DeliveryError extends CutoverError {
  readonly code = 'delivery_failed';
  constructor(
    message: string,
    readonly options: DeliveryErrorOptions = {},
  ) {
    super(message);
  }
}

/** How notices reach users: Teams (a known 1:1 chat, or after installing the app) or mail. */
export interface NoticeDelivery {
  /**
   * Sends one notice on the first channel that works, in the tenant's order; throws DeliveryError.
   * `ready` is awaited right before the message itself goes out (after any look-ups), with the key of the
   * conversation it goes to (a Teams chat; none for mail), so that the rate limits count sends when they
   * reach Teams or Graph; it throws when the send must not happen.
   */
  send(
    notice: Notice,
    tenant: TenantConfig,
    ready: (conversationKey?: string) => Promise<void>,
  ): Promise<DeliveryOutcome>;
  /** After a crash between "sending" and "sent": did this notice reach the user on that channel? */
  wasDelivered(notice: Notice, tenant: TenantConfig): Promise<boolean>;
}
