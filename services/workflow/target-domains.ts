import type { ServiceContext } from '../context';
import type { Scenario } from '../model/statuses';

const TTL_MS = 10 * 60_000;
const cache = new WeakMap<ServiceContext, Map<string, { at: number; domains: string[] }>>();

/**
 * The accepted domains of the tenant a cross-tenant or hybrid batch moves into, for the CSV check
 * that every address is one of its own. Read from Exchange (Get-AcceptedDomain) at most every ten
 * minutes; when the read fails the check is left to preflight rather than refusing the file.
 */
export async function targetDomainsOf(
  ctx: ServiceContext,
  tenantId: string,
  scenario: Scenario,
): Promise<string[] | undefined> {
  if (scenario !== 'cross-tenant' && scenario !== 'hybrid') return undefined;
  const known = cache.get(ctx) ?? new Map();
  cache.set(ctx, known);
  const hit = known.get(tenantId);
  if (hit && ctx.now().getTime() - hit.at < TTL_MS) return hit.domains;
  try {
    const directory = ctx.directory(tenantId);
    if (!directory) return undefined;
    const domains = (await directory.listAcceptedDomains()).map((d) => d.domainName.toLowerCase());
    known.set(tenantId, { at: ctx.now().getTime(), domains });
    return domains;
  } catch (error) {
    ctx.log.warn(
      { err: error, tenantId },
      'accepted domains could not be read; the CSV domain check is skipped',
    );
    return undefined;
  }
}
