import type { ActionStyle, CardAction, ExecuteAction } from './types';
import type { CardVerb, CardVerbData } from './verbs';

/** Teams shows at most this many buttons in one row of a card. */
export const MAX_ACTIONS_PER_ROW = 6;

function withoutUndefined<T extends object>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The one way to build a card button: an `Action.Execute` whose `verb` comes from the verb table and
 * whose `data` has the type that verb expects. Absent optional fields are left out of `data`.
 * `associatedInputs: 'none'` keeps a button (e.g. Cancel) from sending the card's inputs.
 */
export function executeAction<V extends CardVerb>(
  title: string,
  verb: V,
  data: CardVerbData[V],
  style?: ActionStyle,
  options: { associatedInputs?: 'auto' | 'none' } = {},
): ExecuteAction<V> {
  const action: ExecuteAction<V> = { type: 'Action.Execute', title, verb, data: withoutUndefined(data) };
  if (style !== undefined && style !== 'default') action.style = style;
  if (options.associatedInputs !== undefined) action.associatedInputs = options.associatedInputs;
  return action;
}

/**
 * Fits buttons into one row: when there are more than `max`, the first `max - 1` stay in the row and
 * the rest move into a "More" button that unfolds them.
 */
export function actionRow(actions: CardAction[], max = MAX_ACTIONS_PER_ROW): CardAction[] {
  if (actions.length <= max) return actions;
  const shown = actions.slice(0, max - 1);
  const rest = actions.slice(max - 1);
  return [
    ...shown,
    { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [], actions: rest } },
  ];
}
