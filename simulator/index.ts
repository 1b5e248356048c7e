/** The Exchange Online stand-in: an InvokeCommand HTTP server with seeded tenants and a time-driven move engine. */
export type { SimulatorCall, SimulatorFaults, SimulatorHandle, SimulatorOptions } from './simulator-api';
export { startSimulator } from './start-simulator';
export type { DefectKind, SeededDefect } from './seed/world-types';
export {
  CONTOSO_SCOPE_GROUP_ID,
  CONTOSO_TENANT_ID,
  CROSS_TENANT_APP_ID,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
  TAILSPIN_SCOPE_GROUP_ID,
  TAILSPIN_TENANT_ID,
  WOODGROVE_CROSS_TENANT_APP_ID,
  WOODGROVE_TENANT_ID,
} from './seed/tenant-ids';
