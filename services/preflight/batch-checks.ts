import type { Finding } from '../model/preflight';
import type { Scenario } from '../model/statuses';
import type { DirectoryOrganizationRelationship, EndpointTestResult } from '../providers/directory-provider';
import { MAX_USERS } from '../csv/csv-limits';
import { failWith } from './checks';

const lower = (values: string[]) => values.map((v) => v.toLowerCase());

function relationshipTo(
  relationships: DirectoryOrganizationRelationship[],
  tenantGuid: string,
): DirectoryOrganizationRelationship | undefined {
  const wanted = tenantGuid.toLowerCase();
  return relationships.find((r) => lower(r.domainNames).includes(wanted));
}

const capabilityOf = (r: DirectoryOrganizationRelationship) =>
  lower(r.mailboxMoveCapability.split(/[,\s]+/).filter(Boolean));

/** The target tenant trusts the source for inbound moves. */
export function checkTargetRelationship(
  relationships: DirectoryOrganizationRelationship[],
  sourceTenantId: string,
): Finding[] {
  const r = relationshipTo(relationships, sourceTenantId);
  if (!r)
    return [
      failWith('target-relationship', `The target has no organization relationship for ${sourceTenantId}.`),
    ];
  const wrong: string[] = [];
  if (!r.enabled) wrong.push('it is disabled');
  if (!r.mailboxMoveEnabled) wrong.push('MailboxMoveEnabled is off');
  if (!capabilityOf(r).includes('inbound')) wrong.push(`MailboxMoveCapability is ${r.mailboxMoveCapability}`);
  return wrong.length === 0
    ? []
    : [failWith('target-relationship', `The target relationship ${r.identity}: ${wrong.join(', ')}.`)];
}

/** The source tenant allows outbound moves to the target, by the migration app, for a published scope. */
export function checkSourceRelationship(
  relationships: DirectoryOrganizationRelationship[],
  targetTenantId: string,
  migrationAppId: string,
): Finding[] {
  const r = relationshipTo(relationships, targetTenantId);
  if (!r)
    return [
      failWith('source-relationship', `The source has no organization relationship for ${targetTenantId}.`),
    ];
  const wrong: string[] = [];
  if (!capabilityOf(r).includes('remoteoutbound'))
    wrong.push(`MailboxMoveCapability is ${r.mailboxMoveCapability}`);
  if ((r.oauthApplicationId ?? '').toLowerCase() !== migrationAppId.toLowerCase())
    wrong.push(`OAuthApplicationId is ${r.oauthApplicationId ?? 'empty'}, not ${migrationAppId}`);
  if (r.mailboxMovePublishedScopes.length === 0) wrong.push('no MailboxMovePublishedScopes');
  return wrong.length === 0
    ? []
    : [failWith('source-relationship', `The source relationship ${r.identity}: ${wrong.join(', ')}.`)];
}

export function checkSharedDomains(sourceDomains: string[], targetDomains: string[]): Finding[] {
  const target = new Set(lower(targetDomains));
  const shared = lower(sourceDomains).filter((d) => target.has(d));
  return shared.length === 0
    ? []
    : [failWith('shared-domain', `Both tenants have ${shared.join(', ')} as an accepted domain.`)];
}

export function checkEndpoint(endpoint: string, result: EndpointTestResult | Error): Finding[] {
  if (result instanceof Error) return [failWith('endpoint', `Testing ${endpoint} failed: ${result.message}`)];
  if (result.result.toLowerCase() === 'success') return [];
  return [failWith('endpoint', `${endpoint} did not answer: ${result.message || result.result}.`)];
}

export function checkBatchSize(scenario: Scenario, userCount: number): Finding[] {
  const limit = MAX_USERS[scenario];
  if (userCount <= limit) return [];
  return [failWith('batch-size', `${userCount} users is more than the ${limit} a ${scenario} batch allows.`)];
}
