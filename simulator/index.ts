/**
 * The Exchange Online stand-in: an InvokeCommand HTTP server with seeded tenants and a time-driven move engine,
 * and the Graph and Bot Connector calls notices to migrated users go through.
 */
export type {
  ConnectorRefusalReason,
  ConnectorStats,
  MailDelivery,
  SimulatorCall,
  SimulatorDelivery,
  SimulatorFaults,
  SimulatorHandle,
  SimulatorOptions,
  TeamsDelivery,
} from './simulator-api';
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
