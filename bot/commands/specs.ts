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
  /**
   * The least role it needs (checked before the handler runs, bot/authorize.ts). 'none': anyone, such as
   * help and tenants.
   */
  role: Role | 'none';
  /**
   * Where the role is needed: 'batch' in the tenant of the batch the command names (its --tenant, or the
   * one batch of that name in the tenants the caller can see); 'tenant' in the --tenant given (without
   * one, in some tenant); 'anywhere' in some tenant (the service narrows to the tenants the caller sees).
   */
  object: 'batch' | 'tenant' | 'anywhere';
  /** What the role allows, for the refusal: "You need the operator role in northwind to <doing>." */
  doing: string;
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

/** The command table, typed over the keys: a command without a row (and a role) does not compile. */
const TABLE: { [K in CommandKey]: Omit<CommandSpec, 'key'> } = {
  help: {
    words: ['help'],
    args: [],
    options: {},
    syntax: 'help',
    description: 'Show what I can do.',
    role: 'none',
    object: 'anywhere',
    doing: '',
  },
  tenants: {
    words: ['tenants'],
    args: [],
    options: {},
    syntax: 'tenants',
    description: 'List the migration tenants and your roles.',
    role: 'none',
    object: 'anywhere',
    doing: '',
  },
  'batch.new': {
    words: ['batch', 'new'],
    args: [],
    options: {},
    syntax: 'batch new',
    description: 'Open the form to create a migration batch.',
    role: 'operator',
    object: 'anywhere',
    doing: 'create batches',
  },
  'batch.create': {
    words: ['batch', 'create'],
    args: ['name'],
    options: { tenant: 'string', scenario: 'string', domain: 'string', 'complete-after': 'string' },
    syntax:
      'batch create <name> --tenant <id> --scenario <cross-tenant|hybrid|staged|third-party|hosted> [--domain <target delivery domain>] [--complete-after <ISO-8601>]  (CSV on the following lines)',
    description: 'Create a batch in one message; put the CSV (EmailAddress header) on the next lines.',
    role: 'operator',
    object: 'tenant',
    doing: 'create batches',
  },
  'batch.list': {
    words: ['batch', 'list'],
    args: [],
    options: { ...TENANT },
    syntax: 'batch list [--tenant <id>]',
    description: 'List batches.',
    role: 'viewer',
    object: 'tenant',
    doing: 'see its batches',
  },
  'batch.status': {
    words: ['batch', 'status'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch status <name>',
    description: 'Show a batch: progress, counts, failures, ETA.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'batch.users': {
    words: ['batch', 'users'],
    args: ['name'],
    options: { ...TENANT, status: 'string', page: 'int' },
    syntax: 'batch users <name> [--status <status>] [--page <n>]',
    description: "List a batch's users, optionally by status.",
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  user: {
    words: ['user'],
    args: ['email'],
    options: {},
    syntax: 'user <email>',
    description: "Show one user's migration statistics.",
    role: 'viewer',
    object: 'anywhere',
    doing: 'see migration users',
  },
  'batch.start': {
    words: ['batch', 'start'],
    args: ['name'],
    options: { ...TENANT, override: 'string' },
    syntax: 'batch start <name> [--override "<reason>"]',
    description:
      'Start the initial sync (after a passing preflight; an admin can override failures with a reason).',
    role: 'operator',
    object: 'batch',
    doing: 'start a batch',
  },
  'batch.preflight': {
    words: ['batch', 'preflight'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch preflight <name>',
    description: 'Check every user of the batch for readiness; the summary follows.',
    role: 'operator',
    object: 'batch',
    doing: 'run a preflight',
  },
  'batch.readiness': {
    words: ['batch', 'readiness'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch readiness <name>',
    description: 'Show the latest preflight summary of a batch.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'batch.cutover': {
    words: ['batch', 'cutover'],
    args: ['name', 'when?'],
    options: { ...TENANT },
    syntax: 'batch cutover <name> [now|<ISO-8601 time>]',
    description: 'Complete the batch now, or schedule the cutover.',
    role: 'operator',
    object: 'batch',
    doing: 'cut over a batch',
  },
  'batch.stop': {
    words: ['batch', 'stop'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch stop <name>',
    description: 'Stop a syncing batch.',
    role: 'operator',
    object: 'batch',
    doing: 'stop a batch',
  },
  'batch.resume': {
    words: ['batch', 'resume'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch resume <name>',
    description: 'Resume a stopped batch.',
    role: 'operator',
    object: 'batch',
    doing: 'resume a batch',
  },
  'batch.retry': {
    words: ['batch', 'retry'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch retry <name>',
    description: 'Retry the failed users.',
    role: 'operator',
    object: 'batch',
    doing: 'retry the failed users of a batch',
  },
  'batch.remove': {
    words: ['batch', 'remove'],
    args: ['name'],
    options: { ...TENANT },
    syntax: 'batch remove <name>',
    description: 'Remove the batch from Exchange.',
    role: 'operator',
    object: 'batch',
    doing: 'remove a batch',
  },
  approvals: {
    words: ['approvals'],
    args: [],
    options: {},
    syntax: 'approvals',
    description: 'Your pending approvals.',
    role: 'approver',
    object: 'anywhere',
    doing: 'decide on approvals',
  },
  'batch.notices': {
    words: ['batch', 'notices'],
    args: ['name'],
    options: { ...TENANT, pending: 'flag', help: 'flag', failed: 'flag', page: 'int' },
    syntax: 'batch notices <name> [--pending|--help|--failed] [--page <n>]',
    description: 'Who was told how to reset Outlook: sent, confirmed, asking for help, failed.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'notify.preview': {
    words: ['notify', 'preview'],
    args: ['name'],
    options: { ...TENANT, kind: 'string' },
    syntax: 'notify preview <batch> [--kind reset|heads-up|reminder]',
    description: 'The notice card a user of the batch will receive.',
    role: 'operator',
    object: 'batch',
    doing: 'preview its notices',
  },
  runbook: {
    words: ['runbook'],
    args: ['runbook?'],
    options: { ...TENANT },
    syntax: 'runbook [<runbook>] [--tenant <id>]',
    description: 'A scenario checklist to check off (without a name: the runbooks for your tenant).',
    role: 'viewer',
    object: 'tenant',
    doing: 'see its runbooks',
  },
  audit: {
    words: ['audit'],
    args: ['name'],
    options: { ...TENANT, page: 'int' },
    syntax: 'audit <batch> [--page <n>]',
    description: "A batch's audit trail, newest first.",
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
};

/** The command table in order (the help card lists it so): the one place that names every command and its syntax. */
export const COMMANDS: CommandSpec[] = (Object.keys(TABLE) as CommandKey[]).map((key) => ({
  key,
  ...TABLE[key],
}));
