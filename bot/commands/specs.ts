import { z } from 'zod';
import type { Role } from '../../services/config/tenants';
import { NOTICE_KINDS } from '../../services/notices/content';
import { PORTFOLIO_FILTERS } from '../../services/workflow/portfolio';

/** An option that takes a word (or a quoted text). */
const text = () => z.string().optional();
/** An option that takes a whole number, such as a page. */
const whole = () =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'takes a whole number')
    .transform((n) => Number.parseInt(n, 10))
    .optional();
/** An option without a value: present or not. */
const flag = () => z.boolean().optional();
/** An option that takes one of a few words. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: `is one of ${values.join(', ')}` }) }).optional();

/** A command's options: each named option and the zod schema of its value (the parser checks them). */
export type OptionsSchema = z.ZodObject<z.ZodRawShape>;

export interface CommandSpec {
  /** Route key, e.g. 'batch.status'. */
  key: CommandKey;
  /** The words that select it, e.g. ['batch', 'status']. */
  words: string[];
  /** Positional arguments in order; a trailing `?` marks an optional one. */
  args: string[];
  /** Allowed --options and the schema of their values (`flag()` options take no value). */
  options: OptionsSchema;
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
  | 'batch.verify'
  | 'batch.prestage'
  | 'batch.pass'
  | 'batch.retry-errors'
  | 'approvals'
  | 'batch.notices'
  | 'notify.preview'
  | 'runbook'
  | 'audit'
  | 'report'
  | 'portfolio';

const TENANT = { tenant: text() };

/**
 * The command table, checked over the keys: a command without a row (and a role) does not compile. Each
 * row keeps its own options type, so a handler gets `CommandOptions<key>`.
 */
const TABLE = {
  help: {
    words: ['help'],
    args: [],
    options: z.object({}),
    syntax: 'help',
    description: 'Show what I can do.',
    role: 'none',
    object: 'anywhere',
    doing: '',
  },
  tenants: {
    words: ['tenants'],
    args: [],
    options: z.object({}),
    syntax: 'tenants',
    description: 'List the migration tenants and your roles.',
    role: 'none',
    object: 'anywhere',
    doing: '',
  },
  'batch.new': {
    words: ['batch', 'new'],
    args: [],
    options: z.object({}),
    syntax: 'batch new',
    description: 'Open the form to create a migration batch.',
    role: 'operator',
    object: 'anywhere',
    doing: 'create batches',
  },
  'batch.create': {
    words: ['batch', 'create'],
    args: ['name'],
    options: z.object({ tenant: text(), scenario: text(), domain: text(), 'complete-after': text() }),
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
    options: z.object({ ...TENANT }),
    syntax: 'batch list [--tenant <id>]',
    description: 'List batches.',
    role: 'viewer',
    object: 'tenant',
    doing: 'see its batches',
  },
  'batch.status': {
    words: ['batch', 'status'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch status <name>',
    description: 'Show a batch: progress, counts, failures, ETA.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'batch.users': {
    words: ['batch', 'users'],
    args: ['name'],
    options: z.object({ ...TENANT, status: text(), page: whole() }),
    syntax: 'batch users <name> [--status <status>] [--page <n>]',
    description: "List a batch's users, optionally by status.",
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  user: {
    words: ['user'],
    args: ['email'],
    options: z.object({}),
    syntax: 'user <email>',
    description: "Show one user's migration statistics.",
    role: 'viewer',
    object: 'anywhere',
    doing: 'see migration users',
  },
  'batch.start': {
    words: ['batch', 'start'],
    args: ['name'],
    options: z.object({ ...TENANT, override: text() }),
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
    options: z.object({ ...TENANT }),
    syntax: 'batch preflight <name>',
    description: 'Check every user of the batch for readiness; the summary follows.',
    role: 'operator',
    object: 'batch',
    doing: 'run a preflight',
  },
  'batch.readiness': {
    words: ['batch', 'readiness'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch readiness <name>',
    description: 'Show the latest preflight summary of a batch.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'batch.cutover': {
    words: ['batch', 'cutover'],
    args: ['name', 'when?'],
    options: z.object({ ...TENANT }),
    syntax: 'batch cutover <name> [now|<ISO-8601 time>]',
    description: 'Complete the batch now, or schedule the cutover.',
    role: 'operator',
    object: 'batch',
    doing: 'cut over a batch',
  },
  'batch.stop': {
    words: ['batch', 'stop'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch stop <name>',
    description: 'Stop a syncing batch.',
    role: 'operator',
    object: 'batch',
    doing: 'stop a batch',
  },
  'batch.resume': {
    words: ['batch', 'resume'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch resume <name>',
    description: 'Resume a stopped batch.',
    role: 'operator',
    object: 'batch',
    doing: 'resume a batch',
  },
  'batch.retry': {
    words: ['batch', 'retry'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch retry <name>',
    description: 'Retry the failed users.',
    role: 'operator',
    object: 'batch',
    doing: 'retry the failed users of a batch',
  },
  'batch.remove': {
    words: ['batch', 'remove'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch remove <name>',
    description: 'Remove the batch from Exchange.',
    role: 'operator',
    object: 'batch',
    doing: 'remove a batch',
  },
  'batch.verify': {
    words: ['batch', 'verify'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch verify <name>',
    description:
      'Passes: check every mailbox can be signed in to on both sides (moves nothing); feeds the preflight.',
    role: 'operator',
    object: 'batch',
    doing: 'run a pass on a batch',
  },
  'batch.prestage': {
    words: ['batch', 'prestage'],
    args: ['name'],
    options: z.object({ ...TENANT, 'older-than': whole(), override: text() }),
    syntax: 'batch prestage <name> [--older-than <days>] [--override "<reason>"]',
    description:
      'Passes: move mail older than the cut-off (90 days unless the tenant or --older-than says otherwise).',
    role: 'operator',
    object: 'batch',
    doing: 'run a pass on a batch',
  },
  'batch.pass': {
    words: ['batch', 'pass'],
    args: ['name'],
    options: z.object({ ...TENANT, override: text() }),
    syntax: 'batch pass <name> [--override "<reason>"]',
    description:
      'Passes: the full (delta) pass, once the runbook says mail goes to the target (an admin can override with a reason).',
    role: 'operator',
    object: 'batch',
    doing: 'run a pass on a batch',
  },
  'batch.retry-errors': {
    words: ['batch', 'retry-errors'],
    args: ['name'],
    options: z.object({ ...TENANT }),
    syntax: 'batch retry-errors <name>',
    description: 'Passes: retry the items that failed in the last completed pass.',
    role: 'operator',
    object: 'batch',
    doing: 'run a pass on a batch',
  },
  approvals: {
    words: ['approvals'],
    args: [],
    options: z.object({}),
    syntax: 'approvals',
    description: 'Your pending approvals.',
    role: 'approver',
    object: 'anywhere',
    doing: 'decide on approvals',
  },
  'batch.notices': {
    words: ['batch', 'notices'],
    args: ['name'],
    options: z.object({ ...TENANT, pending: flag(), help: flag(), failed: flag(), page: whole() }),
    syntax: 'batch notices <name> [--pending|--help|--failed] [--page <n>]',
    description: 'Who was told how to reset Outlook: sent, confirmed, asking for help, failed.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  'notify.preview': {
    words: ['notify', 'preview'],
    args: ['name'],
    options: z.object({ ...TENANT, kind: oneOf(NOTICE_KINDS) }),
    syntax: 'notify preview <batch> [--kind reset|heads-up|reminder]',
    description: 'The notice card a user of the batch will receive.',
    role: 'operator',
    object: 'batch',
    doing: 'preview its notices',
  },
  runbook: {
    words: ['runbook'],
    args: ['runbook?'],
    options: z.object({ ...TENANT }),
    syntax: 'runbook [<runbook>] [--tenant <id>]',
    description: 'A scenario checklist to check off (without a name: the runbooks for your tenant).',
    role: 'viewer',
    object: 'tenant',
    doing: 'see its runbooks',
  },
  audit: {
    words: ['audit'],
    args: ['name'],
    options: z.object({ ...TENANT, page: whole() }),
    syntax: 'audit <batch> [--page <n>]',
    description: "A batch's audit trail, newest first.",
    role: 'viewer',
    object: 'batch',
    doing: 'see its batches',
  },
  portfolio: {
    words: ['portfolio'],
    args: [],
    options: z.object({ state: oneOf(PORTFOLIO_FILTERS), page: whole() }),
    syntax: `portfolio [--state <${PORTFOLIO_FILTERS.join('|')}>] [--page <n>]`,
    description:
      'Every tenant you can see on one line: batches by state, users moved, failures, approvals, next cutover; worst first.',
    role: 'viewer',
    object: 'anywhere',
    doing: 'see the portfolio',
  },
  report: {
    words: ['report'],
    args: ['name?'],
    options: z.object({ ...TENANT }),
    syntax: 'report <batch> | report --tenant <id>',
    description:
      'A report with charts: users by state, progress over time, data moved per hour; mailboxes ready, errors with fixes, completion; a CSV of per-user statistics.',
    role: 'viewer',
    object: 'batch',
    doing: 'see its reports',
  },
} satisfies { [K in CommandKey]: Omit<CommandSpec, 'key'> };

/** The typed options of a command, as its handler receives them. */
export type CommandOptions<K extends CommandKey> = z.output<(typeof TABLE)[K]['options']>;

/** The command table in order (the help card lists it so): the one place that names every command and its syntax. */
export const COMMANDS: CommandSpec[] = (Object.keys(TABLE) as CommandKey[]).map((key) => ({
  key,
  ...TABLE[key],
}));
