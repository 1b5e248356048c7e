/** Stable identities of the seeded demo tenants (documented in simulator/README.md). */
export const CONTOSO_TENANT_ID = '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01';
export const NORTHWIND_TENANT_ID = '7b9d4e2f-1c3a-4f6b-8d52-9e0a1b2c3d02';
export const FABRIKAM_TENANT_ID = 'a4c8e1f3-5b7d-4a9c-b1e3-2f4a6c8e0d03';

/** The Northwind app registration that the cross-tenant endpoint uses. */
export const CROSS_TENANT_APP_ID = '5e1f7a9c-3b2d-4c8e-a6f0-1d2c3b4a5e06';

export const DEFAULT_SEED = 20240611;
