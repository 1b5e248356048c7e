import type { TenantConfig } from '../../config/tenants';
import type { Notice } from '../../model/notice';
import type { GraphNotices } from '../../providers/graph';
import type { DeliveryOutcome } from '../delivery';
import type { ConversationSender } from './conversation-sender';

/** Waits for the rate limits right before a message leaves (see NoticeDelivery.send). */
export type Ready = (conversationKey?: string) => Promise<void>;

/** One notice on its way: what each channel needs to try it. */
export interface ChannelAttempt {
  notice: Notice;
  tenant: TenantConfig;
  /** Graph for the tenant; undefined when not configured. */
  graph: GraphNotices | undefined;
  /** The user's Entra object id, when the notice or Graph knows it. */
  userId: string | undefined;
  sender: ConversationSender;
  ready: Ready;
}

/**
 * One way to reach a user. Returns where the notice went; throws ChannelUnavailable to let the next
 * channel try, or DeliveryError when the notice did not arrive.
 */
export type Channel = (attempt: ChannelAttempt) => Promise<DeliveryOutcome>;
