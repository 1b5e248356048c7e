import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SCENARIOS } from '../model/statuses';
import { noticeTemplatesSchema } from '../notices/content';
import { missingCredential } from './tenant-credentials';
import { engineSchema } from '../providers/engine-config';

export const ROLES = ['admin', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const objectIds = z.array(z.string().min(1)).default([]);
const rolesSchema = z
  .object({ admin: objectIds, operator: objectIds, approver: objectIds, viewer: objectIds })
  .strict();

const credentialSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('secret'),
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      /** The NAME of the environment variable that holds the secret; never the secret itself. */
      clientSecretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    })
    .strict(),
  z
    .object({
      kind: z.literal('certificate'),
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      certificatePath: z.string().min(1),
    })
    .strict(),
  /** The certificate (with its private key) kept in Key Vault, read with the bot's managed identity. */
  z
    .object({
      kind: z.literal('key-vault-certificate'),
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      vaultUrl: z
        .string()
        .url()
        .refine((url) => url.startsWith('https://'), 'an https URL (https://<vault>.vault.azure.net)'),
      certificateName: z.string().regex(/^[0-9A-Za-z-]{1,127}$/, 'a Key Vault certificate name'),
      certificateVersion: z
        .string()
        .regex(/^[0-9a-f]{32}$/i, 'a certificate version id')
        .optional(),
      /** The client id of the managed identity that reads the vault (the bot's app id in Azure). */
      identityClientId: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('managed-identity'), clientId: z.string().optional() }).strict(),
  /** A fixed token, only for the local simulator. */
  z.object({ kind: z.literal('static'), token: z.string().min(1) }).strict(),
]);

/** Which actions need approval, by whom, how many, for how long, and where the cards go. */
const approvalSchema = z
  .object({
    /** `prestage` and `pass` gate the passes of a pass-based engine (the full pass is its cutover). */
    actions: z
      .array(z.enum(['start', 'cutover', 'remove', 'prestage', 'pass']))
      .default(['start', 'cutover']),
    /** Entra object ids; default: everyone with the approver role in the tenant. */
    approvers: z.array(z.string().min(1)).optional(),
    quorum: z.number().int().min(1).max(60).default(1),
    allowSelfApproval: z.boolean().default(false),
    expiryHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(72),
    deliver: z
      .object({
        batchConversation: z.boolean().default(true),
        /** A Teams conversation id (an approvals channel) the bot is installed in. */
        channelConversationId: z.string().min(1).optional(),
        /** Also send the card 1:1 to each approver the bot has a personal chat with. */
        direct: z.boolean().default(false),
      })
      .strict()
      .default({}),
    /**
     * Show Approve/Reject to everyone instead of only to approvers through Universal Actions refresh
     * (for clients without refresh, such as the Agents Playground). Who may decide is checked either way.
     */
    buttonsForAll: z.boolean().default(false),
  })
  .strict();

const connectionSchema = z
  .object({
    /** https://outlook.office365.com, a simulator URL, or "embedded" for the in-process simulator. */
    endpointUrl: z.union([z.literal('embedded'), z.string().url()]),
    /** The Exchange tenant: GUID or <name>.onmicrosoft.com. */
    tenant: z.string().min(1),
    credential: credentialSchema,
    /** Microsoft Graph for this tenant (same credential); default https://graph.microsoft.com. */
    graphUrl: z.string().url().optional(),
  })
  .strict();

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');

/** The source side of a cross-tenant pair, for the preflight checks that read both tenants. */
const crossTenantSchema = z
  .object({
    source: connectionSchema,
    sourceTenantId: guid,
    targetTenantId: guid,
    /** The app id of the migration application (the source relationship's OAuthApplicationId). */
    migrationAppId: guid,
    /** Graph object id of the source's published scope group; without it the membership check is skipped. */
    scopeGroupId: z.string().min(1).optional(),
    /** skuPartNumbers that count as the Cross Tenant User Data Migration licence. */
    licenceSkus: z
      .array(z.string().min(1))
      .min(1)
      .default(['CROSS_TENANT_USER_DATA_MIGRATION'])
      .transform((skus) => skus.map((s) => s.toUpperCase())),
  })
  .strict();

const preflightSchema = z
  .object({
    /** A report older than this is run again before a start. */
    maxAgeHours: z.number().positive().max(720).default(24),
    /** How long a start waits for a preflight before answering and finishing it in the background. */
    waitSeconds: z.number().min(0).max(10).default(3),
    /** Recipient reads in flight at once, per run. */
    concurrency: z.number().int().min(1).max(32).default(8),
  })
  .strict();

/** Telling migrated users how to get Outlook working again (see services/notices). */
const noticesSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Tried in this order: a known 1:1 chat, installing the app through Graph, then mail. */
    channels: z
      .array(z.enum(['teams', 'install', 'mail']))
      .min(1)
      .default(['teams', 'install', 'mail']),
    /** The heads-up goes this long before a scheduled cutover. */
    headsUpHours: z
      .number()
      .min(0)
      .max(24 * 14)
      .default(24),
    /** Users who have not answered get one reminder after this long. */
    reminderHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(48),
    /** Hybrid moves need no profile reset; send the optional "your mailbox moved" notice anyway. */
    hybridNotice: z.boolean().default(false),
    helpContact: z.string().min(1).max(200).default('your IT helpdesk'),
    owaUrl: z.string().url().default('https://outlook.office.com/mail/'),
    /** The mailbox (UPN) mail notices are sent from (Graph sendMail); without it there is no mail channel. */
    mailSender: z.string().email().optional(),
    /** The app's id in the organization's Teams app catalog, for installing it for a user. */
    teamsAppCatalogId: z.string().min(1).optional(),
    /** Bot Framework service URL for new 1:1 conversations (the region's Teams endpoint). */
    serviceUrl: z.string().url().default('https://smba.trafficmanager.net/teams/'),
    /** Attempts per notice before it is marked failed. */
    maxAttempts: z.number().int().min(1).max(20).default(10),
    templates: noticeTemplatesSchema.optional(),
  })
  .strict();

/**
 * The daily digest: once a day, at or after `hourUtc`, what moved, what failed and what needs a person,
 * posted where the tenant's approval cards go (the approvals channel, else the batches' conversations).
 */
const digestSchema = z
  .object({
    enabled: z.boolean().default(false),
    hourUtc: z.number().int().min(0).max(23).default(7),
  })
  .strict();

const tenantSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes'),
    displayName: z.string().min(1),
    scenarios: z.array(z.enum(SCENARIOS)).min(1).default(['cross-tenant']),
    connection: connectionSchema,
    /** The migration engine the tenant's batches run on; Exchange Online's move service by default. */
    engine: engineSchema.default({ kind: 'exchange-online' }),
    migrationEndpoint: z.string().min(1),
    targetDeliveryDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name'),
    roles: rolesSchema.default({}),
    approval: approvalSchema.default({}),
    crossTenant: crossTenantSchema.optional(),
    /**
     * A hoster's customer: the distinguished name of the on-premises OU its Entra Connect server is
     * scoped to. Preflight checks that each user was synchronized from inside it (not another customer's).
     */
    onPremisesScope: z.string().min(3).max(1000).optional(),
    preflight: preflightSchema.default({}),
    notices: noticesSchema.default({}),
    digest: digestSchema.default({}),
  })
  .strict();

export const tenantsFileSchema = z
  .object({
    /** Roles that apply in every tenant. */
    roles: rolesSchema.default({}),
    tenants: z.array(tenantSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    for (const [i, tenant] of file.tenants.entries()) {
      if (seen.has(tenant.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'id'],
          message: `duplicate tenant id ${tenant.id}`,
        });
      }
      seen.add(tenant.id);
      if (tenant.engine.kind === 'graph-cross-tenant' && !tenant.crossTenant) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'crossTenant'],
          message: `tenant ${tenant.id} uses the graph-cross-tenant engine, which needs crossTenant (its sourceTenantId)`,
        });
      }
      const approvers = approversOf(file, tenant.id);
      if (tenant.approval.actions.length > 0 && tenant.approval.quorum > approvers.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'approval', 'quorum'],
          message: `quorum ${tenant.approval.quorum} is more than the ${approvers.length} approvers of ${tenant.id}`,
        });
      }
    }
  });

export type TenantsFile = z.infer<typeof tenantsFileSchema>;
export type TenantConfig = TenantsFile['tenants'][number];
export type CredentialConfig = TenantConfig['connection']['credential'];
export type ConnectionConfig = TenantConfig['connection'];
export type NoticesConfig = TenantConfig['notices'];

export class TenantsFileError extends Error {
  readonly code = 'tenants_file_invalid';
}

/**
 * Reads and validates the tenants file, then checks that every credential it points at is there: the
 * environment variable a client secret is read from, the certificate file. Errors name the file, the
 * tenant and the field, so a missing credential stops the bot at start instead of failing its first
 * Exchange call.
 */
export function loadTenantsFile(file: string, env: NodeJS.ProcessEnv = process.env): TenantsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TenantsFileError(`TENANTS_FILE ${file} could not be read as JSON: ${(error as Error).message}`);
  }
  const tenants = parseTenantsFile(raw, file);
  const missing = missingCredential(tenants, env);
  if (missing) throw new TenantsFileError(`${file}: ${missing}`);
  return tenants;
}

export function parseTenantsFile(raw: unknown, source = 'tenants file'): TenantsFile {
  const parsed = tenantsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TenantsFileError(
      `${source}: ${tenantNamed(raw, issue.path)}${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** `tenant <id>: ` when a problem's path is inside a tenant that has an id, so the message names it. */
function tenantNamed(raw: unknown, path: (string | number)[]): string {
  if (path[0] !== 'tenants' || typeof path[1] !== 'number') return '';
  const tenants = (raw as { tenants?: unknown })?.tenants;
  const id = Array.isArray(tenants) ? (tenants[path[1]] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' && /^[a-z0-9-]{1,40}$/.test(id) ? `tenant ${id}: ` : '';
}

/** Role implication, after Exchange's split: admin can operate, and everyone who acts can view. */
const IMPLIED: Record<Role, Role[]> = {
  admin: ['admin', 'operator', 'viewer'],
  operator: ['operator', 'viewer'],
  approver: ['approver', 'viewer'],
  viewer: ['viewer'],
};

/**
 * The roles a user holds in a tenant (global roles included). Someone the tenant's approval policy names
 * as an approver holds the approver role there, as if the roles listed them.
 */
export function rolesOf(file: TenantsFile, tenantId: string, userId: string | undefined): Set<Role> {
  const roles = new Set<Role>();
  if (!userId) return roles;
  const tenant = file.tenants.find((t) => t.id === tenantId);
  for (const role of ROLES) {
    const named = role === 'approver' && tenant?.approval.approvers?.includes(userId) === true;
    if (named || file.roles[role].includes(userId) || tenant?.roles[role].includes(userId)) {
      for (const implied of IMPLIED[role]) roles.add(implied);
    }
  }
  return roles;
}

/** The approvers of a tenant: the policy's list, or everyone with the approver role there. */
export function approversOf(
  file: Pick<TenantsFile, 'roles'> & {
    tenants: { id: string; roles: TenantsFile['roles']; approval: { approvers?: string[] } }[];
  },
  tenantId: string,
): string[] {
  const tenant = file.tenants.find((t) => t.id === tenantId);
  if (!tenant) return [];
  if (tenant.approval.approvers) return [...new Set(tenant.approval.approvers)];
  return [...new Set([...file.roles.approver, ...tenant.roles.approver])];
}

/** The tenants in which the user holds at least the given role. */
export function tenantsWithRole(file: TenantsFile, userId: string | undefined, role: Role): TenantConfig[] {
  return file.tenants.filter((t) => rolesOf(file, t.id, userId).has(role));
}
