// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings test that template expressions stay literal
import { describe, expect, it } from 'vitest';
import { NOTICE_CARD_MAX_STEPS, type NoticeCardData, noticeCard } from '../../cards/notice';
import { SCENARIOS } from '../../services/model/statuses';
import { NOTICE_KINDS, type NoticeValues, noticeContent } from '../../services/notices/content';
import { CARD_SIZE_LIMIT, expectValidCard } from '../support/card-schema';
import { actionByTitle, actionTitles, executeActions, facts, ofType, texts } from './card-query';

const values: NoticeValues = {
  newSignInName: 'ann@northwindtraders.com',
  owaUrl: 'https://outlook.office.com/mail/',
  helpContact: 'IT service desk, help@northwindtraders.com',
  cutoverAt: '2026-11-22 18:00 UTC',
  displayName: 'Ann Beck',
  tenantName: 'Northwind Traders',
};

function notice(overrides: Partial<NoticeCardData> = {}): NoticeCardData {
  return {
    noticeId: 'notice-7f3a:ann@northwindtraders.com',
    title: 'Your mailbox has moved',
    intro: 'Hi Ann, your mailbox is now in Northwind Traders.',
    steps: [
      'Sign in as ann@northwindtraders.com.',
      'Create a new Outlook profile.',
      'Recreate your signature.',
    ],
    closing: 'If anything does not work, contact the service desk.',
    helpContact: 'IT service desk, help@northwindtraders.com',
    ...overrides,
  };
}

function stepRows(card: ReturnType<typeof noticeCard>): string[] {
  return ofType(card, 'ColumnSet').map((row) =>
    (row.columns as { items: { text: string }[] }[]).map((c) => c.items[0]!.text).join(' '),
  );
}

describe('noticeCard', () => {
  it('shows the title, intro, numbered steps, closing and help contact', () => {
    const card = noticeCard(notice());
    expectValidCard(card);
    const shown = texts(card);
    expect(shown[0]).toBe('Your mailbox has moved');
    expect(shown[1]).toBe('Hi Ann, your mailbox is now in Northwind Traders.');
    expect(stepRows(card)).toEqual([
      '1. Sign in as ann@northwindtraders.com.',
      '2. Create a new Outlook profile.',
      '3. Recreate your signature.',
    ]);
    expect(shown).toContain('If anything does not work, contact the service desk.');
    expect(facts(card)).toEqual([{ Help: 'IT service desk, help@northwindtraders.com' }]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('answers with notice.ack: done or help, naming the notice', () => {
    const card = noticeCard(notice());
    expect(actionTitles(card)).toEqual(['Done, Outlook works', 'I need help']);
    expect(actionByTitle(card, 'Done, Outlook works')).toEqual({
      type: 'Action.Execute',
      title: 'Done, Outlook works',
      verb: 'notice.ack',
      data: { noticeId: 'notice-7f3a:ann@northwindtraders.com', answer: 'done' },
      style: 'positive',
    });
    expect(actionByTitle(card, 'I need help')).toEqual({
      type: 'Action.Execute',
      title: 'I need help',
      verb: 'notice.ack',
      data: { noticeId: 'notice-7f3a:ann@northwindtraders.com', answer: 'help' },
    });
  });

  it('offers only help when it does not ask to confirm, as before the move', () => {
    const card = noticeCard(notice({ askToConfirm: false }));
    expectValidCard(card);
    expect(actionTitles(card)).toEqual(['I need help']);
    expect(actionByTitle(card, 'I need help').data).toEqual({
      noticeId: 'notice-7f3a:ann@northwindtraders.com',
      answer: 'help',
    });
  });

  it('shows a confirmation instead of the buttons once Outlook works', () => {
    const card = noticeCard(notice({ acknowledged: { answer: 'done', at: '2026-11-23T08:12:40Z' } }));
    expectValidCard(card);
    expect(executeActions(card)).toEqual([]);
    const box = ofType(card, 'Container').find((c) => c.style === 'good')!;
    expect((box.items as { text: string }[])[0]!.text).toBe(
      'You confirmed Outlook works on 2026-11-23 08:12 UTC.',
    );
    expect(texts(card)[0]).toBe('Your mailbox has moved');
  });

  it('shows that help was requested instead of the buttons', () => {
    const card = noticeCard(notice({ acknowledged: { answer: 'help', at: '2026-11-23T09:00:00Z' } }));
    expectValidCard(card);
    expect(executeActions(card)).toEqual([]);
    expect(texts(card)).toContain('Help requested on 2026-11-23 09:00 UTC, someone will contact you.');
    expect(ofType(card, 'Container').some((c) => c.style === 'warning')).toBe(true);
    expect(texts(card).some((t) => t.startsWith('You confirmed'))).toBe(false);
  });

  it('shows no confirmation line while unanswered', () => {
    const shown = texts(noticeCard(notice()));
    expect(shown.some((t) => t.startsWith('You confirmed') || t.startsWith('Help requested'))).toBe(false);
  });

  it('marks a preview and gives it buttons that send nothing, so no answer can be recorded', () => {
    const card = noticeCard(notice({ preview: true }));
    expectValidCard(card);
    expect(texts(card)[0]).toBe(
      'Preview: the card a user of this batch gets. Its buttons only show what they do; nothing is recorded.',
    );
    expect(texts(card)[1]).toBe('Your mailbox has moved');
    expect(executeActions(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('notice.ack');
    const buttons = card.actions as { type: string; title: string; card: { body: { text: string }[] } }[];
    expect(buttons.map((b) => [b.type, b.title])).toEqual([
      ['Action.ShowCard', 'Done, Outlook works (preview)'],
      ['Action.ShowCard', 'I need help (preview)'],
    ]);
    expect(buttons[0]!.card.body.map((t) => t.text)).toEqual([
      'For the user, this button records that Outlook works and counts them as confirmed.',
      'Nothing is recorded from a preview.',
    ]);
    const headsUp = noticeCard(notice({ preview: true, askToConfirm: false }));
    expect((headsUp.actions ?? []).map((b) => b.title)).toEqual(['I need help (preview)']);
    // A user's own card has no banner.
    expect(texts(noticeCard(notice()))[0]).toBe('Your mailbox has moved');
  });

  it('shows user text literally', () => {
    const card = noticeCard(
      notice({
        noticeId: '${noticeId}',
        title: '${title}',
        intro: "${json($root)} ${if(true, 'x', 'y')}",
        steps: ['${steps[0]}', '{{x}}'],
        helpContact: '${helpContact}',
      }),
    );
    expectValidCard(card);
    expect(texts(card).slice(0, 2)).toEqual(['${title}', "${json($root)} ${if(true, 'x', 'y')}"]);
    expect(stepRows(card)).toEqual(['1. ${steps[0]}', '2. {{x}}']);
    expect(facts(card)).toEqual([{ Help: '${helpContact}' }]);
    expect(actionByTitle(card, 'I need help').data).toEqual({ noticeId: '${noticeId}', answer: 'help' });
  });

  it('caps the steps and shortens long texts to stay small', () => {
    const long = 'x'.repeat(50_000);
    const card = noticeCard(
      notice({
        title: long,
        intro: long,
        closing: long,
        helpContact: long,
        steps: Array.from({ length: 60 }, () => long),
      }),
    );
    expectValidCard(card);
    expect(stepRows(card)).toHaveLength(NOTICE_CARD_MAX_STEPS);
    expect(texts(card)).toContain('…and 40 more steps');
    expect(JSON.stringify(card).length).toBeLessThan(CARD_SIZE_LIMIT);
  });

  it('leaves out the help line when there is no contact', () => {
    const card = noticeCard(notice({ helpContact: ' ' }));
    expectValidCard(card);
    expect(facts(card)).toEqual([]);
  });

  it.each(SCENARIOS.flatMap((scenario) => NOTICE_KINDS.map((kind) => [scenario, kind] as const)))(
    'builds a valid card from the default %s %s notice',
    (scenario, kind) => {
      const content = noticeContent({ scenario, kind, values });
      for (const acknowledged of [undefined, { answer: 'done' as const, at: '2026-11-23T08:00:00Z' }]) {
        const card = noticeCard({
          noticeId: 'n-1',
          helpContact: values.helpContact,
          acknowledged,
          ...content,
        });
        expectValidCard(card);
        expect(JSON.stringify(card).length).toBeLessThan(CARD_SIZE_LIMIT);
        expect(texts(card)[0]).toBe(content.title);
        expect(stepRows(card)).toHaveLength(content.steps.length);
        expect(actionTitles(card)).toEqual(acknowledged ? [] : ['Done, Outlook works', 'I need help']);
      }
    },
  );
});
