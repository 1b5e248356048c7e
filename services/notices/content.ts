import { z } from 'zod';
import type { Scenario } from '../model/statuses';

/**
 * What a migrated user is told, and when:
 * - `heads-up`: a lead time before a scheduled cutover, what will happen and what to do first;
 * - `reset`: when the user's move has completed, what to do now (usually a new Outlook profile);
 * - `reminder`: to users who have not confirmed yet, the reset steps in short.
 */
export const NOTICE_KINDS = ['heads-up', 'reset', 'reminder'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The tenant and user values a notice text may name as `{name}`. */
export const NOTICE_PLACEHOLDERS = [
  'newSignInName',
  'owaUrl',
  'helpContact',
  'cutoverAt',
  'displayName',
  'tenantName',
] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];

/**
 * The values put in place of the placeholders, as they are to be shown:
 * - `newSignInName`: the name the user signs in with after the move (their UPN there);
 * - `owaUrl`: the address of Outlook on the web for the new mailbox;
 * - `helpContact`: who to ask, e.g. "the service desk, help@fabrikam.com, ext. 4000";
 * - `cutoverAt`: the cutover time, already formatted (e.g. "2026-11-22 18:00 UTC");
 * - `displayName`: the user's name;
 * - `tenantName`: the organisation the mailbox moves to.
 */
export type NoticeValues = Record<NoticePlaceholder, string>;

/** A notice ready to show: every placeholder filled in. */
export interface NoticeContent {
  subject: string;
  title: string;
  intro: string;
  steps: string[];
  closing: string;
}

interface NoticeText {
  subject: string;
  title: string;
  intro: string;
  steps: readonly string[];
  closing: string;
}

/**
 * Whether users of a scenario need a new Outlook profile after their move. A hybrid move keeps the user's
 * identity and Outlook finds the new mailbox by itself; every other move needs a new profile.
 */
export function needsProfileReset(scenario: Scenario): boolean {
  return scenario !== 'hybrid';
}

const NEW_PROFILE =
  'quit Outlook, open Control Panel, Mail, Show Profiles, choose Add and enter {newSignInName}, then set "Always use this profile" to the new profile and start Outlook';

const HEADS_UP_SUBJECT = 'Your mailbox moves on {cutoverAt}: what to do before';
const RESET_SUBJECT = 'Action needed: set up Outlook after your mailbox move';
const REMINDER_SUBJECT = 'Reminder: is Outlook working after your mailbox move?';
const HEADS_UP_CLOSING =
  'We will message you again as soon as your mailbox has moved. Questions before then? Contact {helpContact}.';
const REMINDER_INTRO =
  'Hi {displayName}, your mailbox moved to {tenantName} on {cutoverAt} and we have not heard back from you yet. If Outlook already works, just confirm. If not, here is the short version:';

/** Third-party tool and hosted moves leave the same things behind on the desktop. */
const REBUILD_STEPS = [
  `Create a new Outlook profile: ${NEW_PROFILE}. Leave it open while it downloads your mail.`,
  'Open your PST files again (File, Open & Export, Open Outlook Data File), such as archives or personal folders.',
  'Set up your email signature again (File, Options, Mail, Signatures).',
  'Empty the list of suggested recipients so that replies to old addresses do not bounce: File, Options, Mail, Empty Auto-Complete List.',
];
const REBUILD_HEADS_UP_STEPS = [
  'Copy your email signature into a document: it does not come across with your mail.',
  'Note which PST files (archives, personal folders) Outlook has open and where they are saved; File, Account Settings, Account Settings, Data Files lists them.',
  'Bookmark {owaUrl}. If Outlook is not ready after the move, you can read your mail there as {newSignInName}.',
];
const REBUILD_REMINDER_STEPS = [
  'Create a new Outlook profile for {newSignInName}.',
  'Open your PST files again and recreate your signature.',
  'Empty the Auto-Complete List (File, Options, Mail).',
];
const REBUILD_CLOSING =
  'Until Outlook is set up, use {owaUrl} and sign in as {newSignInName}. If anything does not work as before, contact {helpContact}.';

const HYBRID_STEPS = [
  'Nothing needs doing: keep using Outlook, your phone and Teams as before, signing in as {newSignInName}.',
  'If Outlook asks you to restart it, do so once.',
  'Your mail is also on the web at {owaUrl}.',
];

const DEFAULTS: Record<Scenario, Record<NoticeKind, NoticeText>> = {
  'cross-tenant': {
    'heads-up': {
      subject: HEADS_UP_SUBJECT,
      title: 'Your mailbox moves on {cutoverAt}',
      intro:
        'Hi {displayName}, on {cutoverAt} your mailbox moves to {tenantName}, with your mail, calendar and contacts. After that you sign in with a new name, {newSignInName}, and Outlook needs a new profile, so keep a little time free that day.',
      steps: [
        'Copy your email signature into a document; you will paste it back after the move.',
        'List the Teams meetings you organise that take place after {cutoverAt}: their join links stop working, so you will send those invitations again.',
        'Send or delete what is still in your Outbox. Outbox items are kept only on this computer and do not move.',
        'Bookmark {owaUrl}. On the day you sign in there as {newSignInName}.',
      ],
      closing: HEADS_UP_CLOSING,
    },
    reset: {
      subject: RESET_SUBJECT,
      title: 'Your mailbox has moved: set up Outlook again',
      intro:
        'Hi {displayName}, your mailbox is now in {tenantName}. Your old Outlook profile cannot reach it, so please take these steps today.',
      steps: [
        'Sign in with your new sign-in name, {newSignInName}, wherever you are asked: Outlook, Teams, Outlook on the web and the mail app on your phone.',
        `Rebuild your Outlook profile: ${NEW_PROFILE}.`,
        'Keep Outlook open and online until it has downloaded your mailbox into its offline cache again; a large mailbox can take a few hours. Meanwhile all your mail is at {owaUrl}.',
        'Create your email signature again (File, Options, Mail, Signatures): signatures do not move with the mailbox.',
        'Recreate the Teams meetings you organise and send the new invitations: the join links of the moved meetings no longer work.',
      ],
      closing: 'If anything does not work as before, contact {helpContact}.',
    },
    reminder: {
      subject: REMINDER_SUBJECT,
      title: 'Reminder: Outlook needs a new profile',
      intro: REMINDER_INTRO,
      steps: [
        'Sign in as {newSignInName}.',
        'Create a new Outlook profile for {newSignInName} and leave Outlook open until your mail has downloaded.',
        'Recreate your signature and the Teams meetings you organise.',
      ],
      closing: 'Your mail is at {owaUrl} in the meantime. Stuck? Contact {helpContact}.',
    },
  },
  hybrid: {
    'heads-up': {
      subject: 'Your mailbox moves on {cutoverAt}: nothing to do',
      title: 'Your mailbox moves on {cutoverAt}',
      intro:
        'Hi {displayName}, on {cutoverAt} your mailbox moves to Exchange Online for {tenantName}. You keep your sign-in name and password, and no profile reset is needed.',
      steps: HYBRID_STEPS,
      closing: 'Questions? Contact {helpContact}.',
    },
    reset: {
      subject: 'Your mailbox has moved: no action needed',
      title: 'Your mailbox has moved',
      intro:
        'Hi {displayName}, your mailbox now lives in Exchange Online for {tenantName}. No profile reset is needed: Outlook connects to it by itself.',
      steps: HYBRID_STEPS,
      closing: 'If something looks wrong, contact {helpContact}.',
    },
    reminder: {
      subject: REMINDER_SUBJECT,
      title: 'Is Outlook working?',
      intro:
        'Hi {displayName}, your mailbox moved to Exchange Online for {tenantName} on {cutoverAt}. No profile reset is needed; we would just like to know that everything works.',
      steps: HYBRID_STEPS,
      closing: 'If something looks wrong, contact {helpContact}.',
    },
  },
  staged: {
    'heads-up': {
      subject: HEADS_UP_SUBJECT,
      title: 'Your mailbox moves to the cloud on {cutoverAt}',
      intro:
        'Hi {displayName}, on {cutoverAt} your mailbox moves from our own Exchange server to Exchange Online for {tenantName}. Afterwards you read your mail in the cloud mailbox, and Outlook needs a new profile.',
      steps: [
        'Delete mail you no longer need: a smaller mailbox moves faster.',
        'Back up your Inbox, for example by exporting it to a PST file.',
        'Bookmark {owaUrl}. After the move you read your mail there as {newSignInName}.',
      ],
      closing: HEADS_UP_CLOSING,
    },
    reset: {
      subject: RESET_SUBJECT,
      title: 'Your mailbox is now in Exchange Online',
      intro:
        'Hi {displayName}, your mailbox has moved to Exchange Online for {tenantName}. Mail sent to you arrives there from now on; your old mailbox gets no new mail.',
      steps: [
        'Use your cloud mailbox from now on: sign in at {owaUrl} as {newSignInName}. If you are asked for a new password, choose a strong one that only you know.',
        `Give Outlook a new profile for the cloud mailbox: ${NEW_PROFILE}. Outlook finds the cloud mailbox once your old mailbox has been converted, which we do shortly after the move; until then, use {owaUrl}.`,
        'Set up the mail app on your phone again with {newSignInName}.',
      ],
      closing: 'If anything does not work as before, contact {helpContact}.',
    },
    reminder: {
      subject: REMINDER_SUBJECT,
      title: 'Reminder: Outlook needs a new profile',
      intro: REMINDER_INTRO,
      steps: [
        'Read and send mail in your cloud mailbox at {owaUrl}, signed in as {newSignInName}.',
        'Create a new Outlook profile for {newSignInName} so that Outlook opens the cloud mailbox.',
        'Set up the mail app on your phone again.',
      ],
      closing: 'Stuck? Contact {helpContact}.',
    },
  },
  'third-party': {
    'heads-up': {
      subject: HEADS_UP_SUBJECT,
      title: 'Your mailbox moves on {cutoverAt}',
      intro:
        'Hi {displayName}, on {cutoverAt} your mailbox moves to {tenantName}. Your mail is copied across beforehand, so nothing is lost, but Outlook will need a new profile afterwards.',
      steps: REBUILD_HEADS_UP_STEPS,
      closing: HEADS_UP_CLOSING,
    },
    reset: {
      subject: RESET_SUBJECT,
      title: 'Your mailbox has moved: set up Outlook again',
      intro:
        'Hi {displayName}, your mailbox is now in {tenantName} and new mail arrives there. Outlook needs a new profile to reach it.',
      steps: REBUILD_STEPS,
      closing: REBUILD_CLOSING,
    },
    reminder: {
      subject: REMINDER_SUBJECT,
      title: 'Reminder: Outlook needs a new profile',
      intro: REMINDER_INTRO,
      steps: REBUILD_REMINDER_STEPS,
      closing: REBUILD_CLOSING,
    },
  },
  hosted: {
    'heads-up': {
      subject: HEADS_UP_SUBJECT,
      title: 'Your mailbox moves on {cutoverAt}',
      intro:
        'Hi {displayName}, on {cutoverAt} your mailbox moves from its current hosting provider to {tenantName}. Your mail is copied across ahead of time, but Outlook will need a new profile afterwards.',
      steps: REBUILD_HEADS_UP_STEPS,
      closing: HEADS_UP_CLOSING,
    },
    reset: {
      subject: RESET_SUBJECT,
      title: 'Your mailbox has moved: set up Outlook again',
      intro:
        'Hi {displayName}, your mailbox has moved from your previous hosting provider to {tenantName}. Outlook needs a new profile to reach it.',
      steps: REBUILD_STEPS,
      closing: REBUILD_CLOSING,
    },
    reminder: {
      subject: REMINDER_SUBJECT,
      title: 'Reminder: Outlook needs a new profile',
      intro: REMINDER_INTRO,
      steps: REBUILD_REMINDER_STEPS,
      closing: REBUILD_CLOSING,
    },
  },
};

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function isPlaceholder(name: string): name is NoticePlaceholder {
  return (NOTICE_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Puts the values in place of the known `{name}` placeholders, in one pass and literally: a value is
 * never read for placeholders or expressions itself, and anything else in braces is left as it is.
 */
export function fillPlaceholders(text: string, values: NoticeValues): string {
  return text.replace(PLACEHOLDER, (match, name: string) => (isPlaceholder(name) ? values[name] : match));
}

const KNOWN = NOTICE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/** Every brace in a tenant's text must belong to a known placeholder. */
function placeholderText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      const unknown = [...text.matchAll(/\{([^{}]*)\}/g)].filter((match) => !isPlaceholder(match[1] ?? ''));
      for (const match of unknown) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder ${match[0]}; use ${KNOWN}` });
      }
      const rest = text.replace(PLACEHOLDER, (match, name: string) => (isPlaceholder(name) ? '' : match));
      if (unknown.length === 0 && /[{}]/.test(rest)) {
        ctx.addIssue({ code: 'custom', message: `a brace outside a placeholder; use only ${KNOWN}` });
      }
      if (text.includes('${')) {
        ctx.addIssue({
          code: 'custom',
          message: 'write placeholders as {name}, without a $ before the brace',
        });
      }
    });
}

/** A tenant's own wording for one notice: each field it names replaces the default. */
const noticeTextOverrideSchema = z
  .object({
    subject: placeholderText(200).optional(),
    title: placeholderText(200).optional(),
    intro: placeholderText(2_000).optional(),
    steps: z.array(placeholderText(1_000)).min(1).max(15).optional(),
    closing: placeholderText(1_000).optional(),
  })
  .strict();

const kindOverridesSchema = z
  .object({
    'heads-up': noticeTextOverrideSchema.optional(),
    reset: noticeTextOverrideSchema.optional(),
    reminder: noticeTextOverrideSchema.optional(),
  } satisfies Record<NoticeKind, z.ZodTypeAny>)
  .strict();

/**
 * A tenant's notice wording, by scenario and kind, e.g.
 * `{ "cross-tenant": { "reset": { "intro": "…", "steps": ["…"] } } }`. Every field is optional, unknown
 * keys are refused, and text may only name the placeholders in `NOTICE_PLACEHOLDERS`.
 */
export const noticeTemplatesSchema = z
  .object({
    'cross-tenant': kindOverridesSchema.optional(),
    hybrid: kindOverridesSchema.optional(),
    staged: kindOverridesSchema.optional(),
    'third-party': kindOverridesSchema.optional(),
    hosted: kindOverridesSchema.optional(),
  } satisfies Record<Scenario, z.ZodTypeAny>)
  .strict();

export type NoticeTemplates = z.infer<typeof noticeTemplatesSchema>;
export type NoticeTextOverride = z.infer<typeof noticeTextOverrideSchema>;

export interface NoticeContentRequest {
  scenario: Scenario;
  kind: NoticeKind;
  values: NoticeValues;
  /** The tenant's wording, as checked by `noticeTemplatesSchema`. */
  overrides?: NoticeTemplates;
}

/**
 * The text of one notice: the default wording for the scenario and kind, with each field the tenant
 * overrides replaced, and the values filled in. The subject is kept to one line.
 */
export function noticeContent({ scenario, kind, values, overrides }: NoticeContentRequest): NoticeContent {
  const base = DEFAULTS[scenario][kind];
  const own: NoticeTextOverride = overrides?.[scenario]?.[kind] ?? {};
  const fill = (text: string) => fillPlaceholders(text, values);
  return {
    subject: fill(own.subject ?? base.subject)
      .replace(/\s+/g, ' ')
      .trim(),
    title: fill(own.title ?? base.title),
    intro: fill(own.intro ?? base.intro),
    steps: (own.steps ?? base.steps).map(fill),
    closing: fill(own.closing ?? base.closing),
  };
}
