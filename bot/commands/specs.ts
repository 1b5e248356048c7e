import type { Role } from '../../services/config/tenants';

export interface CommandSpec {
  /** Route key, e.g. 'batch.status'. */
  key: CommandKey;
  /** The words that select it, e.g. ['batch', 'status']. */
  words: string[];
  /** Positional arguments in order; a trailing `?` marks an optional one. */
  args: string[];
  /** Allowed --options and their value kind. */
  options: Record<string, 'string' | 'int' | 'flag'>;
  syntax: string;
  description: string;
  /** The least role it needs, in the batch's (or named) tenant. */
  role: Role | 'none';
}

export type CommandKey =
  | 'help'
  | 'tenants'
  | 'batch.new'
  | 'batch.create'
  | 'batch.list'
  | 'batch.status'
  | 'batch.users'
  | 'user'
  | 'batch.start'
  | 'batch.preflight'
  | 'batch.readiness'
  | 'batch.cutover'
  | 'batch.stop'
  | 'batch.resume'
  | 'batch.retry'
  | 'batch.remove'
  | 'approvals'
  | 'batch.notices'
  | 'notify.preview'
  | 'runbook'
  | 'audit';

const TENANT = { tenant: 'string' } as const;

/** The command table: the one place that names every command and its syntax. */
export const COMMANDS: CommandSpec[] = [
  {
    key: 'help',
    words: ['help'],
    args: [],
    options: {},
    syntax: 'help',
    description: 'Show what I can do.',
    role: 'none',
  },
  {
    key: 'tenants',
    words: ['tenants'],
    args: [],
    options: {},
    syntax: 'tenants',
    description: 'List the migration tenants and your roles.',
    role: 'none',
  },
  {
    key: 'batch.new',
    words: ['batch', 'new'],
    args: [],
    options: {},
    syntax: 'batch new',
    description: 'Open the form to create a migration batch.',
    role: 'operator',
  },
  {
    key: 'batch.create',
    words: ['batch', 'create'],
    args: ['name'],
    options: { tenant: 'string', scenario: 'string', domain: 'string', 'complete-after': 'string' },
    syntax:
      'batch create <name> --tenant <id> --scenario <cross-tenant|hybrid|staged|third-party|hosted> [--domain <target delivery domain>] [--complete-after <ISO-8601>]  (CSV on the following lines)',
    description: 'Create a batch in one message; put the CSV (EmailAddress header) on the next lines.',
    role: 'operator',
  },
  {
    key: 'batch.list',
    words: ['batch', 'list'],
    args: [],
    options: { ...TENANT },
    syntax: 'batch list [--tenant <id>]',
    description: 'List batches.',
    role: 'viewer',
  },
  {
    key: 'batch.status',
    words: ['batch', 'status'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch status <name>',
    description: 'Show a batch: progress, counts, failures, ETA.',
    role: 'viewer',
  },
  {
    key: 'batch.users',
    words: ['batch', 'users'],
    args: ['name'],
    options: { ...TENANT, status: 'string', page: 'int' },
    syntax: 'batch users <name> [--status <status>] [--page <n>]',
    description: "List a batch's users, optionally by status.",
    role: 'viewer',
  },
  {
    key: 'user',
    words: ['user'],
    args: ['email'],
    options: {},
    syntax: 'user <email>',
    description: "Show one user's migration statistics.",
    role: 'viewer',
  },
  {
    key: 'batch.start',
    words: ['batch', 'start'],
    args: ['name'],
    options: { ...TENANT, override: 'string' },
    syntax: 'batch start <name> [--override "<reason>"]',
    description:
      'Start the initial sync (after a passing preflight; an admin can override failures with a reason).',
    role: 'operator',
  },
  {
    key: 'batch.preflight',
    words: ['batch', 'preflight'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch preflight <name>',
    description: 'Check every user of the batch for readiness; the summary follows.',
    role: 'operator',
  },
  {
    key: 'batch.readiness',
    words: ['batch', 'readiness'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch readiness <name>',
    description: 'Show the latest preflight summary of a batch.',
    role: 'viewer',
  },
  {
    key: 'batch.cutover',
    words: ['batch', 'cutover'],
    args: ['name', 'when?'],
    options: { ...TENANT },
    syntax: 'batch cutover <name> [now|<ISO-8601 time>]',
    description: 'Complete the batch now, or schedule the cutover.',
    role: 'operator',
  },
  {
    key: 'batch.stop',
    words: ['batch', 'stop'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch stop <name>',
    description: 'Stop a syncing batch.',
    role: 'operator',
  },
  {
    key: 'batch.resume',
    words: ['batch', 'resume'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch resume <name>',
    description: 'Resume a stopped batch.',
    role: 'operator',
  },
  {
    key: 'batch.retry',
    words: ['batch', 'retry'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch retry <name>',
    description: 'Retry the failed users.',
    role: 'operator',
  },
  {
    key: 'batch.remove',
    words: ['batch', 'remove'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch remove <name>',
    description: 'Remove the batch from Exchange.',
    role: 'operator',
  },
  {
    key: 'approvals',
    words: ['approvals'],
    args: [],
    options: {},
    syntax: 'approvals',
    description: 'Your pending approvals.',
    role: 'approver',
  },
  {
    key: 'batch.notices',
    words: ['batch', 'notices'],
    args: ['name'],
    options: { ...TENANT, pending: 'flag', help: 'flag', failed: 'flag', page: 'int' },
    syntax: 'batch notices <name> [--pending|--help|--failed] [--page <n>]',
    description: 'Who was told how to reset Outlook: sent, confirmed, asking for help, failed.',
    role: 'viewer',
  },
  {
    key: 'notify.preview',
    words: ['notify', 'preview'],
    args: ['name'],
    options: { ...TENANT, kind: 'string' },
    syntax: 'notify preview <batch> [--kind reset|heads-up|reminder]',
    description: 'The notice card a user of the batch will receive.',
    role: 'operator',
  },
  {
    key: 'runbook',
    words: ['runbook'],
    args: ['runbook?'],
    options: { ...TENANT },
    syntax: 'runbook [<runbook>] [--tenant <id>]',
    description: 'A scenario checklist to check off (without a name: the runbooks for your tenant).',
    role: 'viewer',
  },
  {
    key: 'audit',
    words: ['audit'],
    args: ['name'],
    options: { ...TENANT, page: 'int' },
    syntax: 'audit <batch> [--page <n>]',
    description: "A batch's audit trail, newest first.",
    role: 'viewer',
  },
];
