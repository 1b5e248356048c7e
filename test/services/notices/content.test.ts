// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings test that template expressions stay literal
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../services/model/statuses';
import {
  fillPlaceholders,
  NOTICE_KINDS,
  NOTICE_PLACEHOLDERS,
  type NoticeValues,
  noticeContent,
  noticeTemplatesSchema,
} from '../../../services/notices/content';

const values: NoticeValues = {
  newSignInName: 'ann@northwindtraders.com',
  owaUrl: 'https://outlook.office.com/mail/',
  helpContact: 'the service desk, help@northwindtraders.com',
  cutoverAt: '2026-11-22 18:00 UTC',
  displayName: 'Ann Beck',
  tenantName: 'Northwind Traders',
};

function allText(content: ReturnType<typeof noticeContent>): string {
  return [content.subject, content.title, content.intro, ...content.steps, content.closing].join('\n');
}

describe('noticeContent defaults', () => {
  it.each(SCENARIOS.flatMap((scenario) => NOTICE_KINDS.map((kind) => [scenario, kind] as const)))(
    'has complete wording for %s %s with every placeholder filled',
    (scenario, kind) => {
      const content = noticeContent({ scenario, kind, values });
      for (const field of [content.subject, content.title, content.intro, content.closing]) {
        expect(field.trim()).not.toBe('');
      }
      expect(content.steps.length).toBeGreaterThan(0);
      for (const step of content.steps) expect(step.trim()).not.toBe('');
      expect(content.subject).not.toMatch(/\n/);
      expect(allText(content)).not.toMatch(/[{}]/);
      expect(content.closing).toContain(values.helpContact);
    },
  );

  it('greets the user and names the new organisation', () => {
    const content = noticeContent({ scenario: 'cross-tenant', kind: 'reset', values });
    expect(content.intro).toContain('Hi Ann Beck,');
    expect(content.intro).toContain('Northwind Traders');
  });

  it('walks a cross-tenant user through sign-in, profile, offline cache, signature and Teams meetings', () => {
    const { steps } = noticeContent({ scenario: 'cross-tenant', kind: 'reset', values });
    expect(steps).toHaveLength(5);
    expect(steps[0]).toContain('ann@northwindtraders.com');
    expect(steps[1]).toMatch(/Outlook profile/);
    expect(steps[2]).toMatch(/offline cache/);
    expect(steps[2]).toContain('https://outlook.office.com/mail/');
    expect(steps[3]).toMatch(/signature/);
    expect(steps[4]).toMatch(/Teams meetings/);
  });

  it.each(['third-party', 'hosted'] as const)(
    'tells a %s user to make a new profile, reopen PSTs, redo signatures and clear Auto-Complete',
    (scenario) => {
      const { steps } = noticeContent({ scenario, kind: 'reset', values });
      expect(steps).toHaveLength(4);
      expect(steps[0]).toMatch(/new Outlook profile/);
      expect(steps[1]).toMatch(/PST/);
      expect(steps[2]).toMatch(/signature/);
      expect(steps[3]).toMatch(/Auto-Complete/);
    },
  );

  it('points a staged user to the cloud mailbox first, then a new profile once the old mailbox is converted', () => {
    const { steps } = noticeContent({ scenario: 'staged', kind: 'reset', values });
    expect(steps[0]).toMatch(/cloud mailbox/);
    expect(steps[0]).toContain(values.owaUrl);
    expect(steps[1]).toMatch(/new profile/);
    expect(steps[1]).toMatch(/converted/);
  });

  it.each(NOTICE_KINDS)('tells a hybrid user no reset is needed (%s)', (kind) => {
    const content = noticeContent({ scenario: 'hybrid', kind, values });
    expect(content.intro).toMatch(/no profile reset is needed/i);
    expect(content.steps[0]).toMatch(/^Nothing needs doing/);
    expect(content.steps.join(' ')).toContain(values.owaUrl);
    expect(allText(content)).not.toMatch(/new (Outlook )?profile|rebuild/i);
  });

  it('says what happens when in the heads-up, and asks to save the signature first', () => {
    const content = noticeContent({ scenario: 'cross-tenant', kind: 'heads-up', values });
    expect(content.subject).toContain('2026-11-22 18:00 UTC');
    expect(content.intro).toContain('2026-11-22 18:00 UTC');
    expect(content.steps[0]).toMatch(/signature/);
  });

  it('repeats the reset steps briefly in the reminder', () => {
    for (const scenario of ['cross-tenant', 'third-party', 'hosted', 'staged'] as const) {
      const reset = noticeContent({ scenario, kind: 'reset', values });
      const reminder = noticeContent({ scenario, kind: 'reminder', values });
      expect(reminder.steps.join(' ').length).toBeLessThan(reset.steps.join(' ').length);
      expect(reminder.steps.join(' ')).toMatch(/new Outlook profile/);
    }
  });
});

describe('substitution', () => {
  it('replaces every known placeholder, including repeats', () => {
    const text = NOTICE_PLACEHOLDERS.map((name) => `{${name}}`).join('|');
    expect(fillPlaceholders(`${text}|{displayName}`, values)).toBe(
      [...NOTICE_PLACEHOLDERS.map((name) => values[name]), values.displayName].join('|'),
    );
  });

  it('leaves anything else in braces as it is', () => {
    expect(fillPlaceholders('{unknown} {displayname} { displayName }', values)).toBe(
      '{unknown} {displayname} { displayName }',
    );
  });

  it('keeps expressions and placeholders inside values literal', () => {
    const hostile: NoticeValues = {
      ...values,
      displayName: '${json($root)} {{x}} {helpContact}',
      tenantName: "$& $1 $$ ${process.exit(1)} `${'x'}`",
      helpContact: '{{constructor.constructor("return 1")()}}',
    };
    const content = noticeContent({ scenario: 'cross-tenant', kind: 'reset', values: hostile });
    expect(content.intro).toContain('Hi ${json($root)} {{x}} {helpContact},');
    expect(content.intro).toContain("$& $1 $$ ${process.exit(1)} `${'x'}`");
    expect(content.closing).toContain('{{constructor.constructor("return 1")()}}');
  });

  it('keeps the subject on one line even when a value has line breaks', () => {
    const content = noticeContent({
      scenario: 'cross-tenant',
      kind: 'heads-up',
      values: { ...values, cutoverAt: '2026-11-22\r\n18:00 UTC\nBcc: x@example.com' },
    });
    expect(content.subject).toBe(
      'Your mailbox moves on 2026-11-22 18:00 UTC Bcc: x@example.com: what to do before',
    );
  });
});

describe('tenant overrides', () => {
  it('replaces only the fields it names, for only that scenario and kind', () => {
    const overrides = noticeTemplatesSchema.parse({
      'cross-tenant': {
        reset: { intro: 'Hello {displayName}, welcome to {tenantName}.', steps: ['Call {helpContact}.'] },
      },
    });
    const defaults = noticeContent({ scenario: 'cross-tenant', kind: 'reset', values });
    const content = noticeContent({ scenario: 'cross-tenant', kind: 'reset', values, overrides });
    expect(content).toEqual({
      ...defaults,
      intro: 'Hello Ann Beck, welcome to Northwind Traders.',
      steps: ['Call the service desk, help@northwindtraders.com.'],
    });
    expect(noticeContent({ scenario: 'cross-tenant', kind: 'reminder', values, overrides })).toEqual(
      noticeContent({ scenario: 'cross-tenant', kind: 'reminder', values }),
    );
    expect(noticeContent({ scenario: 'hosted', kind: 'reset', values, overrides })).toEqual(
      noticeContent({ scenario: 'hosted', kind: 'reset', values }),
    );
  });

  it('accepts every field for every scenario and kind', () => {
    const text = {
      subject: 's {cutoverAt}',
      title: 't',
      intro: 'i',
      steps: ['a', 'b {owaUrl}'],
      closing: 'c',
    };
    const all = Object.fromEntries(
      SCENARIOS.map((s) => [s, Object.fromEntries(NOTICE_KINDS.map((k) => [k, text]))]),
    );
    const parsed = noticeTemplatesSchema.parse(all);
    expect(noticeContent({ scenario: 'staged', kind: 'heads-up', values, overrides: parsed })).toEqual({
      subject: 's 2026-11-22 18:00 UTC',
      title: 't',
      intro: 'i',
      steps: ['a', 'b https://outlook.office.com/mail/'],
      closing: 'c',
    });
  });

  it.each([
    ['an unknown placeholder', 'Hello {firstName}', '{firstName}'],
    ['a template expression', 'Hello ${displayName}', 'without a $'],
    ['an expression with an unknown name', 'Hello ${process.exit(1)}', '{process.exit(1)}'],
    ['double braces', 'Hello {{displayName}}', 'brace'],
    ['a mustache expression', 'Hello {{x}}', '{x}'],
    ['a placeholder with a different case', 'Hello {DisplayName}', '{DisplayName}'],
    ['a stray brace', 'Hello {displayName', 'brace'],
  ])('refuses %s', (_, intro, named) => {
    const result = noticeTemplatesSchema.safeParse({ staged: { reminder: { intro } } });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['staged', 'reminder', 'intro']);
    expect(issue.message).toContain(named);
  });

  it('refuses unknown placeholders in steps too, naming the step', () => {
    const result = noticeTemplatesSchema.safeParse({ hosted: { reset: { steps: ['ok', 'see {wikiUrl}'] } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['hosted', 'reset', 'steps', 1]);
    expect(result.error!.issues[0]!.message).toMatch(
      /unknown placeholder \{wikiUrl\}; use \{newSignInName\}/,
    );
  });

  it('refuses unknown scenarios, kinds and fields, and empty text', () => {
    expect(noticeTemplatesSchema.safeParse({ onprem: {} }).success).toBe(false);
    expect(noticeTemplatesSchema.safeParse({ staged: { welcome: {} } }).success).toBe(false);
    expect(noticeTemplatesSchema.safeParse({ staged: { reset: { footer: 'x' } } }).success).toBe(false);
    expect(noticeTemplatesSchema.safeParse({ staged: { reset: { intro: '   ' } } }).success).toBe(false);
    expect(noticeTemplatesSchema.safeParse({ staged: { reset: { steps: [] } } }).success).toBe(false);
    expect(noticeTemplatesSchema.safeParse({}).success).toBe(true);
  });
});
