import type { ServiceContext } from '../context';
import type { StepVerifier } from '../workflow/runbooks';
import { checkEndpoint, checkSourceRelationship, checkTargetRelationship } from './batch-checks';

/**
 * The runbook steps Cutover can check itself, read-only: the migration endpoint answers, and both
 * organization relationships of a cross-tenant pair are set up for moves.
 */
export function setupVerifier(ctx: ServiceContext): StepVerifier {
  return async (check, tenantId) => {
    const tenant = ctx.tenant(tenantId);
    const target = ctx.directory(tenantId);
    if (!tenant || !target) return { ok: false, detail: `Tenant ${tenantId} has no Exchange connection.` };
    if (check === 'endpoint') {
      const [testMailbox] = await target.listMailUsers();
      if (!testMailbox) return { ok: false, detail: 'The tenant has no MailUser to test the endpoint with.' };
      const result = await target
        .testMigrationServerAvailability(tenant.migrationEndpoint, testMailbox.primarySmtpAddress)
        .catch((e: Error) => e);
      const problems = checkEndpoint(tenant.migrationEndpoint, result);
      return problems[0]
        ? { ok: false, detail: problems[0].message }
        : { ok: true, detail: `${tenant.migrationEndpoint} answered Test-MigrationServerAvailability.` };
    }
    const pair = tenant.crossTenant;
    const source = ctx.directory(tenantId, 'source');
    if (!pair || !source) {
      return { ok: false, detail: 'No source tenant is configured (crossTenant in the tenants file).' };
    }
    const problems = [
      ...checkTargetRelationship(await target.listOrganizationRelationships(), pair.sourceTenantId),
      ...checkSourceRelationship(
        await source.listOrganizationRelationships(),
        pair.targetTenantId,
        pair.migrationAppId,
      ),
    ];
    return problems.length > 0
      ? { ok: false, detail: problems.map((p) => p.message).join(' ') }
      : { ok: true, detail: 'Both organization relationships allow the moves.' };
  };
}
