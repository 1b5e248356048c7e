/** The Exchange Online stand-in: an InvokeCommand HTTP server with seeded tenants and a time-driven move engine. */
export type { SimulatorCall, SimulatorFaults, SimulatorHandle, SimulatorOptions } from './simulator-api';
export { startSimulator } from './start-simulator';
export { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from './seed/tenant-ids';
