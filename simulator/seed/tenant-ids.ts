/** Stable identities of the seeded demo tenants (documented in simulator/README.md). */
export const CONTOSO_TENANT_ID = '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01';
export const NORTHWIND_TENANT_ID = '7b9d4e2f-1c3a-4f6b-8d52-9e0a1b2c3d02';
export const FABRIKAM_TENANT_ID = 'a4c8e1f3-5b7d-4a9c-b1e3-2f4a6c8e0d03';
export const TAILSPIN_TENANT_ID = 'c6e2a8f4-7d1b-4c3e-a5f7-9b1d3e5f7a04';
export const WOODGROVE_TENANT_ID = 'e8a4c2f6-9b3d-4e5f-b7a9-1d3f5b7d9c05';

/** The Northwind app registration that the cross-tenant endpoint uses. */
export const CROSS_TENANT_APP_ID = '5e1f7a9c-3b2d-4c8e-a6f0-1d2c3b4a5e06';
/** The Woodgrove app registration behind its Tailspin endpoint. */
export const WOODGROVE_CROSS_TENANT_APP_ID = '8a3c5e7f-1b9d-4f2a-b4c6-3e5a7c9e1b07';

/** Graph object id of Contoso-Migration-Scope, the group Contoso publishes for moves to Northwind. */
export const CONTOSO_SCOPE_GROUP_ID = '0d4b8f2a-6c1e-4a3d-9f5b-7e2c4a6b8d10';
/** A group nested in Contoso-Migration-Scope (its later movers), so membership must be read transitively. */
export const CONTOSO_SCOPE_NESTED_GROUP_ID = '1e5c9a3b-7d2f-4b4e-8a6c-9f3d5b7c9e11';
/** Graph object id of Tailspin-Migration-Scope. */
export const TAILSPIN_SCOPE_GROUP_ID = '2f6dab4c-8e3a-4c5f-9b7d-a14e6c8dab12';

export const DEFAULT_SEED = 20240611;

/** The part of Contoso's directory that holds the merged Fabrikam users (MigrationWiz, seed 002). */
export const CONTOSO_MERGED_TENANT_ID = '5d1b9e3a-2c7f-4a8d-b6e4-8f2a4c6e1d06';
/** Litware, the hosted Exchange customer whose mail moves to a new hoster (MigrationWiz, seed 004). */
export const LITWARE_TENANT_ID = '9f3d7b1e-4a6c-4e8b-a2d5-6c8e0a2f4b07';
