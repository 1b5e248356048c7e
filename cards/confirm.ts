import { executeAction } from './actions';
import { capList, moreText } from './cap-list';
import { formatUtc, pluralize, truncateText } from './format';
import { ISO_DATETIME_PATTERN } from './patterns';
import { compileTemplate } from './template';
import confirmTemplate from './templates/confirm.json';
import type { AdaptiveCard, CardAction } from './types';

export type ConfirmAction = 'cutover' | 'retry' | 'remove';

export interface ConfirmCardData {
  batchId: string;
  version: number;
  action: ConfirmAction;
  title: string;
  text: string;
  /** How many users the action affects. */
  count: number;
  /** Who is affected (all or the first of them); at most 20 are shown. */
  names: string[];
  /**
   * For cutover: the ISO-8601 time already chosen (e.g. typed with the command). It is shown and sent as
   * `at` with the confirmation; absent means now, or the `cutoverAt` input when `allowSchedule` is set.
   */
  at?: string;
  /** For cutover: offer a `cutoverAt` input to schedule it instead of running it now. */
  allowSchedule?: boolean;
  /**
   * For cutover with `allowSchedule`: the time is required, because the batch cannot be cut over now (it
   * is not synced yet); without it, a blank time means now.
   */
  timeRequired?: boolean;
}

/** At most this many names are listed on a confirmation card. */
export const CONFIRM_CARD_MAX_NAMES = 20;

const CONFIRM_TITLES: Record<ConfirmAction, string> = {
  cutover: 'Yes, cut over',
  retry: 'Yes, retry',
  remove: 'Yes, remove',
};

interface ConfirmView {
  title: string;
  text: string;
  countText: string;
  hasWhen: boolean;
  whenText: string;
  hasNames: boolean;
  names: { text: string }[];
  hasMoreNames: boolean;
  moreNamesText: string;
  /** The optional time input: blank means now. */
  timeOptional: boolean;
  /** The required time input. */
  timeRequired: boolean;
  isoPattern: string;
  actions: CardAction[];
}

const render = compileTemplate<ConfirmView>(confirmTemplate);

/**
 * Confirmation of a bulk or destructive action: the count, up to 20 names, and Confirm / Cancel.
 * Confirm sends `batch.confirm` with the batch version the card was built from, so a stale card is
 * refused; for a cutover it also sends the chosen time as `at`, or the `cutoverAt` input: optional
 * ("leave blank to cut over now") or, when the batch cannot be cut over now, required. The input's label
 * is the one place that says what the time does. Cancel sends no inputs.
 */
export function confirmCard(data: ConfirmCardData): AdaptiveCard {
  const names = capList(data.names, CONFIRM_CARD_MAX_NAMES);
  const more = Math.max(data.count, data.names.length) - names.shown.length;
  const ref = { batchId: data.batchId, version: data.version };
  const at = data.action === 'cutover' && data.at ? data.at : undefined;
  const schedule = data.action === 'cutover' && data.allowSchedule === true && at === undefined;
  return render({
    title: truncateText(data.title, 200),
    text: truncateText(data.text, 2_000),
    countText: `Affects ${pluralize(data.count, 'user')}`,
    hasWhen: at !== undefined,
    whenText: at === undefined ? '' : `Cutover at ${formatUtc(at)}`,
    hasNames: names.shown.length > 0,
    names: names.shown.map((name) => ({ text: truncateText(name, 320) })),
    hasMoreNames: more > 0,
    moreNamesText: moreText(more),
    timeOptional: schedule && data.timeRequired !== true,
    timeRequired: schedule && data.timeRequired === true,
    isoPattern: ISO_DATETIME_PATTERN,
    actions: [
      executeAction(
        CONFIRM_TITLES[data.action],
        'batch.confirm',
        { ...ref, action: data.action, at },
        data.action === 'remove' ? 'destructive' : 'positive',
      ),
      executeAction('Cancel', 'batch.refresh', ref, undefined, { associatedInputs: 'none' }),
    ],
  });
}
