/**
 * The daily digest's marker: one document per tenant and UTC day, created before the digest is posted,
 * so that however many instances run the digest job, a tenant's digest of a day is posted once.
 */
export interface DigestMarker {
  /** `<tenant>:<YYYY-MM-DD>`. */
  id: string;
  /** `digest:<tenant>`: a tenant's markers in one partition. */
  pk: string;
  type: 'digest';
  tenantId: string;
  /** The UTC day the digest covers up to (YYYY-MM-DD). */
  day: string;
  /** `posting` from creation until the post is done; `failed` after a post that did not go out. */
  status: 'posting' | 'posted' | 'failed';
  /** Attempts made (a failed post is tried again on the next run, at most DIGEST_ATTEMPTS times). */
  attempts: number;
  /** The instance that holds the posting. */
  owner: string;
  createdAt: string;
  updatedAt: string;
  /** Conversations the digest was posted to. */
  postedTo?: number;
  error?: string;
}

export const DIGEST_ATTEMPTS = 3;

export function digestMarkerId(tenantId: string, day: string): string {
  return `${tenantId}:${day}`;
}

export function digestPartition(tenantId: string): string {
  return `digest:${tenantId}`;
}
