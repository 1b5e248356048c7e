import type { Scenario } from '../model/statuses';

/**
 * Runbooks: the work around the moves that Cutover does not do itself (directory sync, DNS, licences,
 * organization relationships, end-user guidance), as checklists per migration situation. Step ids are
 * stable: stored check-offs refer to them, so a step is never renamed, only added or retired.
 */

export const RUNBOOK_IDS = [
  'hoster-tenant',
  'tenant-to-tenant',
  'hosted',
  'cross-tenant-setup',
  'cross-tenant-after',
  'staged',
] as const;
export type RunbookId = (typeof RUNBOOK_IDS)[number];

/** What Cutover can check for itself against Exchange Online. */
export const STEP_CHECKS = ['endpoint', 'organization-relationships'] as const;
export type StepCheck = (typeof STEP_CHECKS)[number];

export interface RunbookStep {
  /** Stable kebab-case id, unique within the runbook. */
  id: string;
  /** One of the runbook's phases. */
  phase: string;
  /** One or two sentences: what to do and why. */
  text: string;
  /** Set when Cutover can check the step against Exchange Online. */
  verify?: StepCheck;
}

export interface RunbookDefinition {
  id: RunbookId;
  title: string;
  scenario: Scenario;
  /** The phases in order; every step names one of them. */
  phases: readonly string[];
  steps: readonly RunbookStep[];
  /** Advice that applies to the whole list. */
  notes: readonly string[];
}

const HOSTER_TENANT: RunbookDefinition = {
  id: 'hoster-tenant',
  title: 'Hybrid onboarding of one hosted tenant',
  scenario: 'hybrid',
  phases: ['directory', 'hybrid', 'afterwards'],
  steps: [
    {
      id: 'primary-domain-verified',
      phase: 'directory',
      text: "Make sure the organization's primary domain is added and verified in its Microsoft 365 tenant. Without it, synchronised users cannot get their real addresses in the cloud.",
    },
    {
      id: 'entra-connect-installed',
      phase: 'directory',
      text: 'Install Microsoft Entra Connect with custom settings on a domain-joined server used only for this tenant. Each tenant needs its own Entra Connect server, because one server synchronises to one tenant.',
    },
    {
      id: 'entra-connect-scoped',
      phase: 'directory',
      text: "Limit the synchronisation to the organizational unit that holds this organization's users. Objects of the other organizations in the forest must never reach this tenant.",
    },
    {
      id: 'hybrid-and-hash-sync',
      phase: 'directory',
      text: 'Turn on the Exchange hybrid deployment and password hash synchronisation features in Entra Connect. Users then keep signing in with their existing password after the move.',
    },
    {
      id: 'users-synced',
      phase: 'directory',
      text: 'After the post-installation tasks, confirm that every user of the OU shows up in the tenant as a MailUser. Only MailUsers can be picked for a move batch.',
    },
    {
      id: 'minimal-hybrid',
      phase: 'hybrid',
      text: 'Install the Hybrid Configuration Wizard on the same server and run it with the Minimal Hybrid option. That is enough for remote moves without full coexistence.',
    },
    {
      id: 'migration-endpoint',
      phase: 'hybrid',
      text: "Check that the wizard's last step created the migration endpoint (create it by hand otherwise) and that it passes its connection test. Batches for this tenant use this endpoint.",
      verify: 'endpoint',
    },
    {
      id: 'entra-connect-removed',
      phase: 'afterwards',
      text: "When this tenant's batches are completed, uninstall the Hybrid Configuration Wizard and Entra Connect from its server, take the server out of the domain and shut it down.",
    },
  ],
  notes: [
    'Work through this list once per tenant: every organization gets its own Entra Connect server, hybrid configuration and endpoint, and tenants can run side by side.',
  ],
};

const TENANT_TO_TENANT: RunbookDefinition = {
  id: 'tenant-to-tenant',
  title: 'Tenant to tenant with a third-party tool',
  scenario: 'third-party',
  phases: ['two weeks before', 'three days before', 'migration day', 'after'],
  steps: [
    {
      id: 'target-licences',
      phase: 'two weeks before',
      text: "Buy enough licences in the target tenant for every mailbox that moves, plus the migration tool's own licences.",
    },
    {
      id: 'admin-accounts',
      phase: 'two weeks before',
      text: 'Create the administrator accounts the tool will use in the source and the target tenant. Some tools go faster with more than one admin account in the source.',
    },
    {
      id: 'target-objects',
      phase: 'two weeks before',
      text: 'Create the users, groups, rooms and resources in the target tenant, by directory synchronisation or in bulk. They keep onmicrosoft.com addresses until the domain has moved.',
    },
    {
      id: 'user-communication',
      phase: 'two weeks before',
      text: 'Tell users what is changing and when, how to reach Outlook on the web with their new sign-in, and that their Outlook suggestions will need clearing afterwards.',
    },
    {
      id: 'start-domain-verification',
      phase: 'three days before',
      text: 'Add the email domain to the target tenant and publish its TXT record now: verification fails while the source still uses the domain, but DNS gets up to 72 hours to spread.',
    },
    {
      id: 'lower-mx-ttl',
      phase: 'three days before',
      text: "Lower the MX record's TTL to a few minutes, or note the lowest value your DNS host allows, because the MX change on the day must start at least that long before the moves.",
    },
    {
      id: 'mapping-csv',
      phase: 'three days before',
      text: "Build the master list of mailboxes and the tool's source-to-target mapping CSV, using the onmicrosoft.com initial domains, which stay stable while the custom domain moves.",
    },
    {
      id: 'dirsync-off',
      phase: 'three days before',
      text: 'Turn off directory synchronisation in the source tenant; it can take a day or more to finish. From then on, source changes must be made in the cloud.',
    },
    {
      id: 'stop-inbound-mail',
      phase: 'migration day',
      text: 'Point the MX record at a host that does not answer (or at a queueing backup MX service), so that senders hold new mail instead of delivering it to the source.',
    },
    {
      id: 'remove-source-domain',
      phase: 'migration day',
      text: 'Take the domain off every object in the source: reset primary addresses of mailboxes, groups, rooms and resources to the initial domain, drop leftover proxy addresses, change the default domain, then remove the domain.',
    },
    {
      id: 'verify-target-domain',
      phase: 'migration day',
      text: 'Finish verifying the domain in the target tenant; allow up to an hour after its removal from the source.',
    },
    {
      id: 'licence-and-addresses',
      phase: 'migration day',
      text: 'Assign licences to the new users in the target and make the moved domain their primary email address (and set passwords if no synchronised or federated sign-in is used).',
    },
    {
      id: 'switch-mx',
      phase: 'migration day',
      text: 'Point the MX record at the target tenant, and release any mail a backup MX service has held. New mail lands in the new mailboxes once the old TTL runs out.',
    },
    {
      id: 'test-mail-flow',
      phase: 'migration day',
      text: 'Send mail to and from a few moved mailboxes, inside and outside the organization, before the data passes start.',
    },
    {
      id: 'recreate-transport-rules',
      phase: 'migration day',
      text: 'Rebuild the source mail flow rules, connectors and allow and block lists in the target tenant; none of them move with the mailboxes.',
    },
    {
      id: 'run-passes',
      phase: 'migration day',
      text: 'Start the passes: up to 500 users, move mail, calendars and contacts in one go, limited by date where possible. Over 500 users, first move contacts, calendars and about a week of mail for everyone, then fill in older mail over the following days.',
    },
    {
      id: 'autocomplete-cleanup',
      phase: 'after',
      text: "Have users clear Outlook's autocomplete list so replies to old messages do not bounce, or stamp each user's old LegacyExchangeDN on them as an x500 address instead.",
    },
  ],
  notes: ['Above 500 users, plan several passes: recent mail first for everyone, older mail afterwards.'],
};

const HOSTED: RunbookDefinition = {
  id: 'hosted',
  title: 'Hosted Exchange to hosted Exchange',
  scenario: 'hosted',
  phases: ['prepare', 'pre-stage', 'cutover', 'after'],
  steps: [
    {
      id: 'access-account',
      phase: 'prepare',
      text: 'Have each provider create a migration account with FullAccess on every mailbox. If a provider refuses, plan to collect credentials from the users themselves.',
    },
    {
      id: 'impersonation',
      phase: 'prepare',
      text: 'For a large project, ask the source provider to give the migration account the ApplicationImpersonation role and switch the project to impersonation at the source; it lifts the per-account throttling, so far more mailboxes can run at once.',
    },
    {
      id: 'verify-credentials',
      phase: 'prepare',
      text: 'Run a verify-credentials pass on every mailbox and fix the ones that fail before any data moves.',
    },
    {
      id: 'pre-stage-pass',
      phase: 'pre-stage',
      text: 'Run the pre-stage pass for items older than 90 days; the bulk of the data moves while users still work in the old mailbox.',
    },
    {
      id: 'mx-and-autodiscover',
      phase: 'cutover',
      text: 'Switch the MX record and the Autodiscover CNAME to the new provider. When moving in several groups, the MX change waits for the last group.',
    },
    {
      id: 'forwarding',
      phase: 'cutover',
      text: 'Where old and new must coexist, forward each moved mailbox without keeping a local copy; a kept copy would be picked up again by the delta pass and duplicate mail.',
    },
    {
      id: 'full-pass',
      phase: 'cutover',
      text: 'Run the full (delta) pass to bring over what arrived since the pre-stage pass.',
    },
    {
      id: 'retry-errors',
      phase: 'cutover',
      text: 'Open every failed mailbox, fix what its error names and run a retry-errors pass.',
    },
    {
      id: 'user-guidance',
      phase: 'after',
      text: 'Tell users to create a new Outlook profile, attach their PST files again and recreate their signatures, unless profiles are set up for them by a tool.',
    },
  ],
  notes: [],
};

const CROSS_TENANT_SETUP: RunbookDefinition = {
  id: 'cross-tenant-setup',
  title: 'Cross-tenant mailbox moves: before the moves',
  scenario: 'cross-tenant',
  phases: ['target tenant', 'source tenant', 'users'],
  steps: [
    {
      id: 'migration-app',
      phase: 'target tenant',
      text: 'Register the multi-tenant migration app in the target with the Exchange Mailbox.Migration application permission and a client secret, then grant admin consent in the target.',
    },
    {
      id: 'migration-endpoint',
      phase: 'target tenant',
      text: "Create the cross-tenant migration endpoint in the target with the app's id and secret, pointing at the source tenant. Every batch is created against it.",
      verify: 'endpoint',
    },
    {
      id: 'target-organization-relationship',
      phase: 'target tenant',
      text: "Create or update the target's organization relationship to the source tenant id with mailbox moves enabled and the Inbound capability.",
      verify: 'organization-relationships',
    },
    {
      id: 'source-consent',
      phase: 'source tenant',
      text: "Have a source administrator open the consent link for the target's migration app and accept it, so the app may read the source mailboxes.",
    },
    {
      id: 'source-organization-relationship',
      phase: 'source tenant',
      text: 'Create or update the source organization relationship to the target tenant id with the RemoteOutbound capability, the app id, and a mail-enabled security group as the published scope; only its members can leave.',
      verify: 'organization-relationships',
    },
    {
      id: 'target-mailusers',
      phase: 'users',
      text: 'Prepare a MailUser in the target for each mailbox: the source ExchangeGuid (and ArchiveGuid if archived), the source LegacyExchangeDN and every source x500 as x500 addresses, only addresses of domains the target owns, and no mailbox left over from an earlier licence.',
    },
    {
      id: 'cross-tenant-licences',
      phase: 'users',
      text: 'Assign a Cross Tenant User Data Migration licence to each user on either side; moves without one fail. Give the Exchange Online licence only after the ExchangeGuid is stamped, or a new empty mailbox is created.',
    },
    {
      id: 'holds-released',
      phase: 'users',
      text: 'Release every hold on the source mailboxes (litigation, retention, eDiscovery); a mailbox on any hold is not moved.',
    },
  ],
  notes: ['Set up the target tenant first; each tenant can be prepared by its own administrator.'],
};

const CROSS_TENANT_AFTER: RunbookDefinition = {
  id: 'cross-tenant-after',
  title: 'Cross-tenant mailbox moves: after the moves',
  scenario: 'cross-tenant',
  phases: ['after each batch', 'when all moves are done'],
  steps: [
    {
      id: 'update-target-address',
      phase: 'after each batch',
      text: "Update the targetAddress of the on-premises mail users on both sides to the moved mailbox's address in the target delivery domain, so that free/busy lookups find the mailbox.",
    },
    {
      id: 'remove-migration-endpoints',
      phase: 'when all moves are done',
      text: 'When no more moves are planned, remove the cross-tenant migration endpoints.',
    },
    {
      id: 'remove-organization-relationships',
      phase: 'when all moves are done',
      text: 'Then remove the organization relationships between the two tenants (or take the mailbox move settings off them).',
    },
  ],
  notes: [],
};

const STAGED: RunbookDefinition = {
  id: 'staged',
  title: 'Staged migration from Exchange 2003 or 2007',
  scenario: 'staged',
  phases: ['prepare', 'migrate', 'cutover', 'afterwards'],
  steps: [
    {
      id: 'connection-tested',
      phase: 'prepare',
      text: 'Test the connection settings (Outlook Anywhere, the migration administrator with access to every mailbox) and confirm directory synchronisation is running; the batch cannot be created otherwise.',
    },
    {
      id: 'csv-ready',
      phase: 'prepare',
      text: 'Prepare the CSV: at most 1,000 rows, the EmailAddress column and optionally Password and ForceChangePassword (True or False, False when AD FS is used).',
    },
    {
      id: 'batch-synced',
      phase: 'migrate',
      text: 'Run the batch and wait until every mailbox is synced; fix the rows in the error report and submit them again in another batch.',
    },
    {
      id: 'mx-to-cloud',
      phase: 'cutover',
      text: 'Point the MX record at Exchange Online and wait at least a day, until mail arrives directly in the cloud mailboxes.',
    },
    {
      id: 'batch-completed',
      phase: 'cutover',
      text: 'Complete the migration once mail flows to the cloud.',
    },
    {
      id: 'convert-to-meu',
      phase: 'afterwards',
      text: 'Convert the migrated on-premises mailboxes to mail-enabled users, keeping their proxy addresses, so that Autodiscover sends Outlook to the cloud mailbox.',
    },
    {
      id: 'outlook-profiles',
      phase: 'afterwards',
      text: 'Have users create a new Outlook profile after the conversion, and assign licences to the cloud mailboxes before the grace period ends.',
    },
    {
      id: 'decommission',
      phase: 'afterwards',
      text: 'Once everything is in the cloud, decommission the on-premises Exchange servers, keeping one to manage the mail attributes of the synchronised users.',
    },
  ],
  notes: [],
};

export const RUNBOOKS: Readonly<Record<RunbookId, RunbookDefinition>> = {
  'hoster-tenant': HOSTER_TENANT,
  'tenant-to-tenant': TENANT_TO_TENANT,
  hosted: HOSTED,
  'cross-tenant-setup': CROSS_TENANT_SETUP,
  'cross-tenant-after': CROSS_TENANT_AFTER,
  staged: STAGED,
};

const BY_SCENARIO: Readonly<Record<Scenario, readonly RunbookId[]>> = {
  'cross-tenant': ['cross-tenant-setup', 'cross-tenant-after'],
  hybrid: ['hoster-tenant'],
  staged: ['staged'],
  'third-party': ['tenant-to-tenant'],
  hosted: ['hosted'],
};

export function isRunbookId(value: unknown): value is RunbookId {
  return typeof value === 'string' && (RUNBOOK_IDS as readonly string[]).includes(value);
}

/** The runbook with this id, or undefined for an unknown id. */
export function runbookDefinition(id: string): RunbookDefinition | undefined {
  return isRunbookId(id) ? RUNBOOKS[id] : undefined;
}

/** The runbooks that go with a migration scenario, in the order they are worked through. */
export function runbooksForScenario(scenario: Scenario): RunbookId[] {
  return [...BY_SCENARIO[scenario]];
}

/** A step of a runbook, or undefined. */
export function runbookStep(definition: RunbookDefinition, stepId: string): RunbookStep | undefined {
  return definition.steps.find((step) => step.id === stepId);
}

/**
 * The runbook steps a full (delta) pass waits for, by scenario: it moves what arrived since the
 * pre-stage, so mail must already land in the new mailboxes (the MX switch; for a hosted move also
 * Autodiscover and forwarding without a kept copy, which the delta pass would otherwise pick up again).
 */
export const FULL_PASS_WAITS_FOR: Partial<
  Record<Scenario, { runbookId: RunbookId; steps: readonly string[] }>
> = {
  'third-party': { runbookId: 'tenant-to-tenant', steps: ['switch-mx'] },
  hosted: { runbookId: 'hosted', steps: ['mx-and-autodiscover', 'forwarding'] },
};

/** The first sentence of a step's text (what a refusal or a "next step" names), or the id when unknown. */
export function stepSummary(runbookId: RunbookId, stepId: string): string {
  const definition = runbookDefinition(runbookId);
  const text = definition ? runbookStep(definition, stepId)?.text : undefined;
  if (!text) return stepId;
  const end = text.indexOf('. ');
  return end === -1 ? text.replace(/\.$/, '') : text.slice(0, end);
}
