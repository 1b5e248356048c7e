import { z } from 'zod';

/** The NAME of an environment variable (never the value it holds). */
const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');

/**
 * One side of a MigrationWiz project (its ExportConfiguration or ImportConfiguration). With
 * administrative credentials MigrationWiz reaches every mailbox of that side; without them each item
 * needs its user's own credentials and waits for them (WaitingForEndUser).
 */
const sideSchema = z
  .object({
    /** MigrationWiz's endpoint type: an on-premises or hosted Exchange, or Exchange Online. */
    type: z.enum(['ExchangeServer', 'ExchangeOnline2', 'Office365']),
    /** The Exchange server's EWS URL (ExchangeServer only). */
    url: z.string().url().optional(),
    adminUsername: z.string().min(1).optional(),
    /** The NAME of the variable that holds the administrative password. */
    adminPasswordEnv: variableName.optional(),
  })
  .strict()
  .refine((side) => (side.adminUsername === undefined) === (side.adminPasswordEnv === undefined), {
    message: 'adminUsername and adminPasswordEnv go together',
  })
  .refine((side) => side.type !== 'ExchangeServer' || side.url !== undefined, {
    message: 'an ExchangeServer side needs its url',
    path: ['url'],
  });

export const MIGRATIONWIZ_URL = 'https://www.migrationwiz.com/API/2.0/WebService.asmx';

/** A tenant whose mail is moved in passes by MigrationWiz (`engine.kind: "migrationwiz"`). */
export const migrationWizEngineSchema = z
  .object({
    kind: z.literal('migrationwiz'),
    /** The SOAP service (`WebService.asmx`), a simulator URL, or "embedded" for the local simulator. */
    url: z.union([z.literal('embedded'), z.string().url()]).default(MIGRATIONWIZ_URL),
    /** The workgroup the tenant's projects are created in. */
    workgroupId: guid,
    /** The customer (OrganizationId) the projects belong to. */
    customerId: guid.optional(),
    /** The API account: its address and the NAME of the variable holding its password. */
    account: z.object({ emailAddress: z.string().email(), passwordEnv: variableName }).strict(),
    source: sideSchema,
    target: sideSchema,
    /** The project's MaximumSimultaneousMigrations; MigrationWiz queues the rest. */
    maxSimultaneousMigrations: z.number().int().min(1).max(1000).default(100),
    /** The project's MaximumItemFailures. */
    maxItemFailures: z.number().int().min(0).max(100_000).default(100),
    /** A pre-stage pass moves mail older than this many days unless the command says otherwise. */
    prestageOlderThanDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();

export type MigrationWizEngineConfig = z.infer<typeof migrationWizEngineSchema>;

/** The variables the engine reads its passwords from, with the field that names each. */
export function migrationWizVariables(config: MigrationWizEngineConfig): { field: string; name: string }[] {
  const names = [{ field: 'engine.account.passwordEnv', name: config.account.passwordEnv }];
  for (const side of ['source', 'target'] as const) {
    const variable = config[side].adminPasswordEnv;
    if (variable) names.push({ field: `engine.${side}.adminPasswordEnv`, name: variable });
  }
  return names;
}
