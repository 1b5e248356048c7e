import type { AdaptiveCard } from '../cards';
import { errorCard } from '../cards';
import type { Failure } from '../services';
import { displaySafeText } from '../services/text/display-safe';

/** What a handler answers: a card, a text, or both. */
export interface Reply {
  text?: string;
  card?: AdaptiveCard;
}

const TITLES: Record<Failure['reason'], string> = {
  not_found: 'Not found',
  ambiguous: 'Which one?',
  forbidden: 'Not allowed',
  invalid: 'Please check the input',
  exists: 'Already exists',
  state: 'Not possible right now',
  busy: 'Still working on it',
  stale: 'This card was out of date',
  blocked: 'Blocked by preflight',
};

/**
 * The one place that turns an expected failure into what the user sees. Messages quote user text
 * (names, CSV values, reasons): control characters and bidirectional overrides in it are shown
 * escaped, never raw.
 */
export function failureReply(failure: Failure, hint?: string): Reply {
  const details = failure.details?.length ? `\n\n${failure.details.join('\n')}` : '';
  return {
    card: errorCard({
      title: TITLES[failure.reason],
      message: displaySafeText(failure.message + details),
      hint: hint === undefined ? undefined : displaySafeText(hint),
    }),
  };
}

/** A reply whose text is display-safe (cards are made safe where they are expanded). */
export function displaySafeReply<R extends Reply>(reply: R): R {
  return reply.text === undefined ? reply : { ...reply, text: displaySafeText(reply.text) };
}

/** For the unexpected: a reference the operator can quote, never the internals. */
export function unexpectedReply(reference: string): Reply {
  return {
    card: errorCard({
      title: 'Something went wrong',
      message:
        'The request could not be completed. Try again; if it keeps failing, give this reference to your Cutover admin.',
      reference,
    }),
  };
}
