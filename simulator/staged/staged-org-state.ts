import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** A cloud MEU that a staged migration turned into a mailbox (kept after its batch is removed). */
export const conversionSchema = z.object({
  tenantId: z.string(),
  email: z.string(),
  at: z.number(),
});
export type Conversion = z.infer<typeof conversionSchema>;

/**
 * What staged migrations change outside their batches: MEUs converted to mailboxes (kept in the state
 * file, so removing a finished batch leaves its mailboxes), directory synchronization stopped by a
 * fault (in memory), and the passwords a staged CSV set, only as salted hashes in memory: never in the
 * state file, the call log or a log line.
 */
export class StagedOrgState {
  private readonly conversions = new Map<string, Conversion>();
  private readonly dirSyncStopped = new Set<string>();
  private readonly salt = randomBytes(16);
  private readonly passwords = new Map<string, string>();
  onChange: () => void = () => {};

  private static key(tenantId: string, email: string): string {
    return `${tenantId}/${email.toLowerCase()}`;
  }

  recordConversion(tenantId: string, email: string, at: number): void {
    const key = StagedOrgState.key(tenantId, email);
    if (this.conversions.has(key)) return;
    this.conversions.set(key, { tenantId, email: email.toLowerCase(), at });
    this.onChange();
  }

  isConverted(tenantId: string, email: string): boolean {
    return this.conversions.has(StagedOrgState.key(tenantId, email));
  }

  hasConversions(tenantId: string): boolean {
    for (const c of this.conversions.values()) if (c.tenantId === tenantId) return true;
    return false;
  }

  stopDirSync(tenantId: string): void {
    this.dirSyncStopped.add(tenantId);
  }

  isDirSyncStopped(tenantId: string): boolean {
    return this.dirSyncStopped.has(tenantId);
  }

  clearFaults(): void {
    this.dirSyncStopped.clear();
  }

  private digest(password: string): string {
    return createHash('sha256').update(this.salt).update(password, 'utf8').digest('hex');
  }

  setPassword(tenantId: string, email: string, password: string): void {
    this.passwords.set(StagedOrgState.key(tenantId, email), this.digest(password));
  }

  /** Whether the password a staged CSV set for this user is `candidate` (false when none was set). */
  passwordMatches(tenantId: string, email: string, candidate: string): boolean {
    const stored = this.passwords.get(StagedOrgState.key(tenantId, email));
    return stored !== undefined && stored === this.digest(candidate);
  }

  toPersisted(): Conversion[] {
    return [...this.conversions.values()];
  }

  restore(conversions: Conversion[] | undefined): void {
    this.conversions.clear();
    for (const c of conversions ?? []) this.conversions.set(StagedOrgState.key(c.tenantId, c.email), c);
  }
}
