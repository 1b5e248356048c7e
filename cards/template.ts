import { Template } from 'adaptivecards-templating';
import { displaySafeText } from '../services/text/display-safe';
import type { AdaptiveCard } from './types';

/**
 * Compiles an Adaptive Card template once and returns a pure function that expands it for one view.
 *
 * The templating engine evaluates `${...}` only in the template itself: strings in the data are copied
 * as they are, so user text cannot inject expressions. Every field a template reads must be present in
 * the view (an absent field would be shown as its `${...}` source), which is why views are built with
 * required fields only.
 *
 * Card renderers drop anything that looks like an HTML tag from TextBlock text, so "batch start <name>"
 * would show as "batch start". Every string in the view has its angle brackets replaced by the
 * look-alike single guillemets (‹name›) before expansion, except patterns (keys ending in "Pattern").
 * Control characters, NUL and bidirectional overrides in any string are shown escaped (`\u202E`), so
 * no text from a user reaches a card raw (services/text/display-safe.ts).
 */
export function compileTemplate<T extends object>(json: object): (view: T) => AdaptiveCard {
  const template = new Template(json);
  const expand = (view: T) => deepFreeze(template.expand({ $root: displaySafe(view) }) as AdaptiveCard);
  return memoizeByView(expand);
}

/** Expanded cards kept per template, most recently used last. */
export const EXPANDED_CARDS_KEPT = 32;
/** A view whose JSON is longer than this is expanded every time rather than kept. */
const MAX_KEPT_VIEW_CHARS = 64 * 1024;

/**
 * Expanding a template costs far more than writing its view as JSON, and the same view comes back often
 * (a batch card asked for again before the batch changed, the same card in several conversations). The
 * card is a function of the view alone (templates bind data and call no functions), so the card of a
 * view seen lately is given again. Views are JSON data; cards given out are frozen, since one object
 * may be given to many callers.
 */
function memoizeByView<T extends object>(expand: (view: T) => AdaptiveCard): (view: T) => AdaptiveCard {
  const recent = new Map<string, AdaptiveCard>();
  return (view: T) => {
    const key = JSON.stringify(view);
    if (key.length > MAX_KEPT_VIEW_CHARS) return expand(view);
    const kept = recent.get(key);
    if (kept) {
      recent.delete(key);
      recent.set(key, kept);
      return kept;
    }
    const card = expand(view);
    recent.set(key, card);
    if (recent.size > EXPANDED_CARDS_KEPT) recent.delete(recent.keys().next().value as string);
    return card;
  };
}

function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function displaySafe<V>(value: V, key = ''): V {
  if (typeof value === 'string') {
    const safe = displaySafeText(value);
    return (key.endsWith('Pattern') ? safe : safe.replace(/</g, '\u2039').replace(/>/g, '\u203A')) as V;
  }
  if (Array.isArray(value)) return value.map((item) => displaySafe(item, key)) as V;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displaySafe(v, k)])) as V;
  }
  return value;
}
