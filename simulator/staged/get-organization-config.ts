import { BagBuilder } from '../protocol/property-bag';
import type { Tenant } from '../seed/world-types';
import type { SimulatorState } from '../state/simulator-state';
import { bindParameters, type Cmdlet } from '../cmdlets/cmdlet-context';

/**
 * Whether directory synchronization runs for the tenant: a staged tenant's seeded setting unless a fault
 * stopped it; hybrid tenants synchronize (Entra Connect); cloud-only tenants do not.
 */
export function isDirSyncRunning(tenant: Tenant, state: SimulatorState): boolean {
  if (state.staged.isDirSyncStopped(tenant.id)) return false;
  if (tenant.onPremises) return tenant.onPremises.directorySync;
  return tenant.role === 'hybrid';
}

/** Get-OrganizationConfig: the organization's identity and IsDirSyncRunning (what staged migrations need). */
export const getOrganizationConfig: Cmdlet = {
  name: 'Get-OrganizationConfig',
  run(context) {
    bindParameters(context, ['Identity']);
    const { tenant, state } = context;
    const bag = new BagBuilder()
      .set('Identity', tenant.domain)
      .set('Name', tenant.domain)
      .set('DisplayName', tenant.displayName)
      .guid('Guid', tenant.id)
      .set('IsDirSyncRunning', isDirSyncRunning(tenant, state))
      .set('IsDehydrated', false)
      .build();
    return { value: [bag] };
  },
};
