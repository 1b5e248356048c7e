import type { Activity } from 'botbuilder';
import type { CardVerb } from '../cards';
import { isCardVerb } from './action-schemas';
import { cleanText } from './commands/parse';

/** What a user sees when they press a button on a card this version no longer answers. */
export const OUTDATED_CARD_TEXT =
  'That card is from an older version of Cutover and its buttons no longer work. Say **help** to see the commands.';

export type CardSubmit =
  | { kind: 'verb'; verb: CardVerb; data: unknown }
  | { kind: 'outdated' }
  | { kind: 'not-a-submit' };

/**
 * A message that carries only a card's submitted `value` and no text (Action.Submit, or a client that
 * sends Action.Execute as a submit): it names a card verb we know (`verb` in the value, or the
 * `action` object of an Action.Execute), or it is from a card we no longer answer. Anything with text
 * is a typed message.
 */
export function cardSubmitOf(activity: Partial<Activity>): CardSubmit {
  const value = activity.value as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'not-a-submit' };
  const text = typeof activity.text === 'string' ? activity.text : '';
  if (cleanText(text).trim().length > 0) return { kind: 'not-a-submit' };
  const v = value as Record<string, unknown>;
  const action = v.action as { verb?: unknown; data?: unknown } | undefined;
  if (action && typeof action === 'object' && isCardVerb(action.verb))
    return { kind: 'verb', verb: action.verb, data: action.data ?? {} };
  if (isCardVerb(v.verb)) {
    // Action.Submit sends its data and the card's inputs together, with the verb among them.
    const { verb: _verb, msteams: _msteams, ...data } = v;
    return { kind: 'verb', verb: v.verb, data };
  }
  return { kind: 'outdated' };
}
