import { Template } from 'adaptivecards-templating';
import type { AdaptiveCard } from './types';

/**
 * Compiles an Adaptive Card template once and returns a pure function that expands it for one view.
 *
 * The templating engine evaluates `${...}` only in the template itself: strings in the data are copied
 * as they are, so user text cannot inject expressions. Every field a template reads must be present in
 * the view (an absent field would be shown as its `${...}` source), which is why views are built with
 * required fields only.
 */
export function compileTemplate<T extends object>(json: object): (view: T) => AdaptiveCard {
  const template = new Template(json);
  return (view: T) => template.expand({ $root: view }) as AdaptiveCard;
}
