import type { DigestCardData } from '../cards/report-digest';
import type { TenantsFile } from '../services/config/tenants';
import type { TenantDigest } from '../services/jobs/digest';
import { conversationKey } from './conversations';

/** The digest card's data. */
export function digestView(digest: TenantDigest, tenants: TenantsFile): DigestCardData {
  const tenant = tenants.tenants.find((t) => t.id === digest.tenantId);
  return {
    tenantName: tenant?.displayName ?? digest.tenantId,
    tenantId: digest.tenantId,
    day: digest.day,
    since: digest.since,
    until: digest.until,
    moved: digest.moved,
    failed: digest.failed,
    needsPerson: digest.needsPerson,
    batches: digest.batches,
  };
}

/** Where a digest goes: the approvals channel, else the batches' main conversations. */
export function digestDestinations(digest: TenantDigest): string[] {
  const { channelConversationId, conversationKeys } = digest.destination;
  return channelConversationId ? [conversationKey(channelConversationId)] : conversationKeys;
}
