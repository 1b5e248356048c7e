import { z } from 'zod';
import { graphCrossTenantEngineSchema, graphCrossTenantVariables } from './graph-cross-tenant/config';
import { migrationWizEngineSchema, migrationWizVariables } from './migrationwiz/config';

/** Exchange Online's own move service over InvokeCommand, with the tenant's connection (the default). */
const exchangeOnlineEngineSchema = z.object({ kind: z.literal('exchange-online') }).strict();

/**
 * The engine a tenant's batches run on (`engine` in the tenants file). Adding an engine: its folder
 * under providers/ with a config schema and a factory, one entry here, and its stand-in in the
 * simulator (see CONTRIBUTING.md).
 */
export const engineSchema = z.discriminatedUnion('kind', [
  exchangeOnlineEngineSchema,
  migrationWizEngineSchema,
  graphCrossTenantEngineSchema,
]);
export type EngineConfig = z.infer<typeof engineSchema>;
export type EngineKind = EngineConfig['kind'];

/** The environment variables an engine configuration reads its secrets from, with the naming field. */
const VARIABLES: {
  [K in EngineKind]: (config: Extract<EngineConfig, { kind: K }>) => { field: string; name: string }[];
} = {
  'exchange-online': () => [],
  migrationwiz: migrationWizVariables,
  'graph-cross-tenant': graphCrossTenantVariables,
};

export function engineVariables(config: EngineConfig): { field: string; name: string }[] {
  return (VARIABLES[config.kind] as (config: EngineConfig) => { field: string; name: string }[])(config);
}

/**
 * Whether an engine talks to a service of its own at the local simulator (`url: "embedded"`); engines
 * that use the tenant's connection follow its `endpointUrl` instead.
 */
export function engineUsesEmbedded(config: EngineConfig): boolean {
  return 'url' in config && config.url === 'embedded';
}
