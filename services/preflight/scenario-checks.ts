import Bottleneck from 'bottleneck';
import type { TenantConfig } from '../config/tenants';
import type { ServiceContext } from '../context';
import { type Batch, capabilitiesOf } from '../model/batch';
import { readAll } from '../store/document-store';
import type { DelegateGroup, Finding } from '../model/preflight';
import type { DirectoryProvider, GraphDirectory } from '../providers/directory-provider';
import {
  checkBatchSize,
  checkEndpoint,
  checkSharedDomains,
  checkSourceRelationship,
  checkTargetRelationship,
} from './batch-checks';
import { failWith, warnWith } from './checks';
import { type CrossTenantUserData, checkCrossTenantUser } from './cross-tenant-user';
import { analyseDelegates, type DelegateLink } from './delegates';
import { otherBatchesOf } from './other-batches';
import { checkHybridRelationship, hybridUserFindings } from './hybrid-checks';
import { stagedFindings } from './staged-checks';

/** What one run found: findings per user (only users with any), about the batch, and delegate groups. */
export interface PreflightFindings {
  users: Map<string, Finding[]>;
  batchFindings: Finding[];
  delegates: DelegateGroup[];
}

interface RunInput {
  ctx: ServiceContext;
  batch: Batch;
  tenant: TenantConfig;
  emails: string[];
}

function limiterFor(tenant: TenantConfig) {
  const limiter = new Bottleneck({ maxConcurrent: tenant.preflight.concurrency });
  return <T>(work: () => Promise<T>) => limiter.schedule(work);
}

async function endpointFindings(dir: DirectoryProvider, endpoint: string, testMailbox?: string) {
  if (!testMailbox) return [];
  const result = await dir.testMigrationServerAvailability(endpoint, testMailbox).catch((e: Error) => e);
  return checkEndpoint(endpoint, result);
}

function required<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`${what} is not configured`);
  return value;
}

async function crossTenant({ ctx, batch, tenant, emails }: RunInput): Promise<PreflightFindings> {
  const target = required(ctx.directory(tenant.id), 'the target directory');
  const targetGraph = required(ctx.graph(tenant.id), 'Microsoft Graph for the target');
  const pair = tenant.crossTenant;
  const source = pair && ctx.directory(tenant.id, 'source');
  const sourceGraph = pair && ctx.graph(tenant.id, 'source');
  const limit = limiterFor(tenant);
  const batchFindings: Finding[] = [...checkBatchSize(batch.scenario, emails.length)];

  const [targetDomains, targetRelationships] = await Promise.all([
    target.listAcceptedDomains(),
    target.listOrganizationRelationships(),
  ]);
  const domains = targetDomains.map((d) => d.domainName.toLowerCase());
  let scope: Set<string> | undefined;
  if (pair && source && sourceGraph) {
    const [sourceDomains, sourceRelationships, members] = await Promise.all([
      source.listAcceptedDomains(),
      source.listOrganizationRelationships(),
      pair.scopeGroupId ? sourceGraph.groupMembers(pair.scopeGroupId) : Promise.resolve(undefined),
    ]);
    scope = members && new Set(members.map((m) => m.toLowerCase()));
    batchFindings.push(
      ...checkTargetRelationship(targetRelationships, pair.sourceTenantId),
      ...checkSourceRelationship(sourceRelationships, pair.targetTenantId, pair.migrationAppId),
      ...checkSharedDomains(
        sourceDomains.map((d) => d.domainName),
        domains,
      ),
    );
  } else {
    batchFindings.push(
      warnWith(
        'source-relationship',
        'No source tenant is configured for this tenant (crossTenant in the tenants file), so the source mailboxes, holds, relationships and delegates were not checked.',
      ),
    );
  }
  batchFindings.push(
    ...(await endpointFindings(target, batch.sourceEndpoint ?? tenant.migrationEndpoint, emails[0])),
  );

  const rules = {
    targetDomains: domains,
    licenceSkus: pair?.licenceSkus ?? ['CROSS_TENANT_USER_DATA_MIGRATION'],
  };
  const users = new Map<string, Finding[]>();
  const links: DelegateLink[] = [];
  const targetOf = new Map<string, string>();
  await Promise.all(
    emails.map((email) =>
      limit(async () => {
        const data = await readCrossTenantUser(email, target, targetGraph, source, sourceGraph, scope);
        const findings = checkCrossTenantUser(data, rules);
        if (findings.length > 0) users.set(email, findings);
        if (data.source && source) {
          targetOf.set(data.source.primarySmtpAddress.toLowerCase(), email);
          links.push(
            ...(await linksOf(source, data.source.primarySmtpAddress, data.source.grantSendOnBehalfTo)),
          );
        }
      }),
    ),
  );
  const delegates = await delegateFindings(ctx, batch, target, links, targetOf, new Set(emails), users);
  return { users, batchFindings, delegates };
}

async function readCrossTenantUser(
  email: string,
  target: DirectoryProvider,
  targetGraph: GraphDirectory,
  source: DirectoryProvider | undefined,
  sourceGraph: GraphDirectory | undefined,
  scope: Set<string> | undefined,
): Promise<CrossTenantUserData> {
  const mailUser = await target.getMailUser(email);
  const [targetUser, targetSkus] = await Promise.all([
    mailUser ? target.getUser(email) : Promise.resolve(null),
    mailUser ? targetGraph.licenseSkus(mailUser.userPrincipalName ?? email) : Promise.resolve(null),
  ]);
  const sourceAddress = mailUser?.externalEmailAddress;
  // Undefined: no source tenant configured, so its checks are skipped (and said so once per batch).
  const mailbox = source ? (sourceAddress ? await source.getMailbox(sourceAddress) : null) : undefined;
  let sourceSkus: string[] | null | undefined;
  if (mailbox && sourceGraph) {
    sourceSkus = await sourceGraph.licenseSkus(mailbox.userPrincipalName ?? mailbox.primarySmtpAddress);
  } else if (mailbox !== undefined) sourceSkus = null;
  const upn = (mailbox?.userPrincipalName ?? mailbox?.primarySmtpAddress ?? '').toLowerCase();
  return {
    email,
    target: mailUser,
    targetUser,
    source: mailbox,
    targetSkus,
    sourceSkus,
    inScopeGroup: scope && mailbox ? scope.has(upn) : undefined,
  };
}

async function linksOf(
  source: DirectoryProvider,
  mailbox: string,
  sendOnBehalf: string[],
): Promise<DelegateLink[]> {
  const permissions = await source.getMailboxPermissions(mailbox);
  return [
    ...permissions
      .filter((p) => !p.deny && p.user.includes('@'))
      .map((p) => ({ principal: mailbox, delegate: p.user, right: p.accessRights.join('+') })),
    ...sendOnBehalf.map((delegate) => ({ principal: mailbox, delegate, right: 'SendOnBehalf' })),
  ];
}

async function delegateFindings(
  ctx: ServiceContext,
  batch: Batch,
  target: DirectoryProvider,
  links: DelegateLink[],
  targetOf: Map<string, string>,
  batchUsers: Set<string>,
  users: Map<string, Finding[]>,
): Promise<DelegateGroup[]> {
  if (links.length === 0) return [];
  const outsiders = links.filter((l) => !targetOf.has(l.delegate.toLowerCase()));
  if (outsiders.length > 0) {
    // Delegates outside this batch: find their target MailUsers to know which batch holds them.
    for (const mailUser of await target.listMailUsers()) {
      const external = mailUser.externalEmailAddress?.toLowerCase();
      if (external && !targetOf.has(external))
        targetOf.set(external, mailUser.primarySmtpAddress.toLowerCase());
    }
  }
  const outside = [
    ...new Set(links.map((l) => targetOf.get(l.delegate.toLowerCase())).filter((e) => e !== undefined)),
  ].filter((e) => !batchUsers.has(e));
  const { groups, findings } = analyseDelegates({
    links,
    targetOf,
    batchUsers,
    batchName: batch.name,
    otherBatches: await otherBatchesOf(ctx, batch, outside),
  });
  for (const [email, f] of findings) users.set(email, [...(users.get(email) ?? []), f]);
  return groups;
}

async function hybrid({ ctx, batch, tenant, emails }: RunInput): Promise<PreflightFindings> {
  const target = required(ctx.directory(tenant.id), 'the tenant directory');
  const users = await hybridUserFindings(target, tenant, ctx.tenants, emails, limiterFor(tenant));
  const endpoint = batch.sourceEndpoint ?? tenant.migrationEndpoint;
  const testMailbox = emails.find((e) => !users.get(e)?.some((f) => f.check === 'target-mailuser'));
  const relationships = tenant.onPremisesScope
    ? await target.listOrganizationRelationships().catch((e: Error) => e)
    : [];
  return {
    users,
    batchFindings: [
      ...checkBatchSize(batch.scenario, emails.length),
      ...(await endpointFindings(target, endpoint, testMailbox)),
      ...checkHybridRelationship(tenant, relationships),
    ],
    delegates: [],
  };
}

async function staged({ ctx, batch, tenant, emails }: RunInput): Promise<PreflightFindings> {
  // The CSV rules were enforced when the batch was created; the size is checked again here.
  const found = await stagedFindings({
    directory: required(ctx.directory(tenant.id), 'the tenant directory'),
    provider: ctx.provider(tenant.id),
    tenant,
    scenario: batch.scenario,
    endpoint: batch.sourceEndpoint ?? tenant.migrationEndpoint,
    emails,
  });
  return { ...found, delegates: [] };
}

/**
 * On an engine that moves data in passes, its verify-credentials pass is the check: each user's stored
 * result of that pass (the engine's own failure text), or that the pass has not run for them yet.
 */
async function verificationFindings({ ctx, batch, emails }: RunInput): Promise<PreflightFindings> {
  const stored = new Map((await readAll(ctx.repos.batchUsers, { pk: batch.id })).map((u) => [u.email, u]));
  const users = new Map<string, Finding[]>();
  for (const email of emails) {
    const user = stored.get(email.toLowerCase());
    const pass = user?.lastPass;
    if (!pass) {
      users.set(email, [
        failWith('verify-credentials', `${email} has not been verified yet: run batch verify ${batch.name}.`),
      ]);
    } else if (pass.type === 'verify' && (pass.status === 'failed' || user?.status === 'Failed')) {
      users.set(email, [
        failWith(
          'verify-credentials',
          `${email}: ${pass.failureMessage ?? user?.error ?? 'the verification failed'}`,
        ),
      ]);
    } else if (pass.type === 'verify' && pass.status !== 'completed') {
      users.set(email, [
        failWith('verify-credentials', `${email}: the verification is still ${pass.status}.`),
      ]);
    }
  }
  return { users, batchFindings: checkBatchSize(batch.scenario, emails.length), delegates: [] };
}

/** The verify-credentials pass of a third-party or hosted move: every target mailbox can be signed in to. */
async function passes(input: RunInput): Promise<PreflightFindings> {
  if (capabilitiesOf(input.batch).passes) return verificationFindings(input);
  const { ctx, batch, tenant, emails } = input;
  const target = required(ctx.directory(tenant.id), 'the target directory');
  const limit = limiterFor(tenant);
  const users = new Map<string, Finding[]>();
  await Promise.all(
    emails.map((email) =>
      limit(async () => {
        const found = (await target.getMailbox(email)) ?? (await target.getMailUser(email));
        if (!found)
          users.set(email, [failWith('verify-credentials', `No mailbox ${email} in the target tenant.`)]);
      }),
    ),
  );
  return { users, batchFindings: checkBatchSize(batch.scenario, emails.length), delegates: [] };
}

/** The checks of each scenario (DESIGN.md's table and reference §3). */
export const SCENARIO_CHECKS: Record<Batch['scenario'], (input: RunInput) => Promise<PreflightFindings>> = {
  'cross-tenant': crossTenant,
  hybrid,
  staged,
  'third-party': passes,
  hosted: passes,
};
