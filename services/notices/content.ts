import { z } from 'zod';
import type { Scenario } from '../model/statuses';
import { DEFAULT_TEXTS } from './default-texts';

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

/**
 * Whether users of a scenario need a new Outlook profile after their move. A hybrid move keeps the user's
 * identity and Outlook finds the new mailbox by itself; every other move needs a new profile.
 */
export function needsProfileReset(scenario: Scenario): boolean {
  return scenario !== 'hybrid';
}

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
  const base = DEFAULT_TEXTS[scenario][kind];
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
