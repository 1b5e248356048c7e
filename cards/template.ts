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
  return (view: T) => template.expand({ $root: displaySafe(view) }) as AdaptiveCard;
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
