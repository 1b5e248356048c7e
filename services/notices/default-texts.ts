import type { Scenario } from '../model/statuses';
import type { NoticeKind } from './content';

/** One notice's wording, with `{name}` placeholders (services/notices/content.ts fills them in). */
export interface NoticeText {
  subject: string;
  title: string;
  intro: string;
  steps: readonly string[];
  closing: string;
}

/**
 * The default wording of every notice, per scenario and kind: the steps the migration guides give a
 * user after each kind of move. A tenant may override any of it (content.ts, `noticeTemplatesSchema`).
 */
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

export const DEFAULT_TEXTS: Record<Scenario, Record<NoticeKind, NoticeText>> = {
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
      // Sent when the user is ready (their cloud mailbox exists and mail is forwarded to it), while
      // their existing mail is still being copied: seed 003's "start using their new mailbox" moment.
      title: 'Your mailbox in Exchange Online is ready',
      intro:
        'Hi {displayName}, your new mailbox in Exchange Online for {tenantName} is ready. Mail sent to you arrives there from now on; your old mailbox gets no new mail. Your existing mail, calendar and contacts are being copied into it and appear over the next hours.',
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
