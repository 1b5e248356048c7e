import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatUtc, truncateText } from './format';
import type { ContainerStyle } from './state-style';
import { compileTemplate } from './template';
import noticeTemplate from './templates/notice.json';
import type { AdaptiveCard, CardAction } from './types';
import type { CardVerbData } from './verbs';

/** The user's answer on a notice: Outlook works, or they need help. */
export type NoticeAnswer = CardVerbData['notice.ack']['answer'];

export interface NoticeCardData {
  noticeId: string;
  title: string;
  intro: string;
  /** Shown numbered, in order. */
  steps: string[];
  closing: string;
  /** Who to ask, e.g. "IT service desk, help@fabrikam.com". */
  helpContact: string;
  /**
   * Whether to offer "Done, Outlook works" (default true). A heads-up before the move has nothing to
   * confirm yet, so it offers only "I need help".
   */
  askToConfirm?: boolean;
  /**
   * A preview for an admin (`notify preview`): a banner says so, and the buttons are marked "(preview)"
   * and only show what they would do; they send nothing, so no answer can be recorded.
   */
  preview?: boolean;
  /** The user's answer once given; the card then shows it instead of the buttons. */
  acknowledged?: {
    answer: NoticeAnswer;
    /** ISO-8601. */
    at: string;
  };
}

/** At most this many steps are shown on a notice card. */
export const NOTICE_CARD_MAX_STEPS = 20;
const MAX_TITLE = 200;
const MAX_INTRO = 2_000;
const MAX_STEP = 1_000;
const MAX_CLOSING = 1_000;
const MAX_HELP = 300;

interface NoticeView {
  isPreview: boolean;
  title: string;
  intro: string;
  hasSteps: boolean;
  steps: { number: string; text: string }[];
  hasMoreSteps: boolean;
  moreStepsText: string;
  closing: string;
  hasHelpContact: boolean;
  helpContact: string;
  isAcknowledged: boolean;
  ackStyle: ContainerStyle;
  ackText: string;
  actions: CardAction[];
}

const render = compileTemplate<NoticeView>(noticeTemplate);

function acknowledgement(data: NoticeCardData): Pick<NoticeView, 'ackStyle' | 'ackText'> {
  const ack = data.acknowledged;
  if (ack === undefined) return { ackStyle: 'default', ackText: '' };
  if (ack.answer === 'done') {
    return { ackStyle: 'good', ackText: `You confirmed Outlook works on ${formatUtc(ack.at)}.` };
  }
  return {
    ackStyle: 'warning',
    ackText: `Help requested on ${formatUtc(ack.at)}, someone will contact you.`,
  };
}

const ANSWER_TITLES: Record<NoticeAnswer, string> = { done: 'Done, Outlook works', help: 'I need help' };

const PREVIEW_EFFECTS: Record<NoticeAnswer, string> = {
  done: 'For the user, this button records that Outlook works and counts them as confirmed.',
  help: "For the user, this button records that they need help and posts their request in the batch's conversation.",
};

/** A preview button: shows what the real one does, and sends nothing. */
function previewButton(answer: NoticeAnswer): CardAction {
  return {
    type: 'Action.ShowCard',
    title: `${ANSWER_TITLES[answer]} (preview)`,
    card: {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: PREVIEW_EFFECTS[answer], wrap: true },
        { type: 'TextBlock', text: 'Nothing is recorded from a preview.', isSubtle: true, wrap: true },
      ],
      actions: [],
    },
  };
}

function answerButtons(noticeId: string, askToConfirm: boolean, preview: boolean): CardAction[] {
  const answers: NoticeAnswer[] = askToConfirm ? ['done', 'help'] : ['help'];
  if (preview) return answers.map(previewButton);
  return answers.map((answer) =>
    executeAction(
      ANSWER_TITLES[answer],
      'notice.ack',
      { noticeId, answer },
      answer === 'done' ? 'positive' : undefined,
    ),
  );
}

/**
 * The notice a migrated user gets after (or before) their mailbox move: the title, an introduction, the
 * numbered steps, a closing line and the help contact. Until the user answers it carries "Done, Outlook
 * works" (unless `askToConfirm` is false) and "I need help", both `notice.ack` with the notice id and the
 * answer; once answered, it shows the answer and its time instead of the buttons. A preview says so at
 * the top and its buttons, marked "(preview)", only show what they would do.
 */
export function noticeCard(data: NoticeCardData): AdaptiveCard {
  const steps = capList(data.steps, NOTICE_CARD_MAX_STEPS);
  const acknowledged = data.acknowledged !== undefined;
  const preview = data.preview === true;
  return render({
    isPreview: preview,
    title: truncateText(data.title, MAX_TITLE),
    intro: truncateText(data.intro, MAX_INTRO),
    hasSteps: steps.shown.length > 0,
    steps: steps.shown.map((text, i) => ({ number: `${i + 1}.`, text: truncateText(text, MAX_STEP) })),
    hasMoreSteps: steps.more > 0,
    moreStepsText: moreText(steps.more, steps.more === 1 ? ' step' : ' steps'),
    closing: truncateText(data.closing, MAX_CLOSING),
    hasHelpContact: data.helpContact.trim() !== '',
    helpContact: truncateText(data.helpContact, MAX_HELP),
    isAcknowledged: acknowledged,
    ...acknowledgement(data),
    actions: acknowledged ? [] : answerButtons(data.noticeId, data.askToConfirm ?? true, preview),
  });
}
