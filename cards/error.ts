import { truncateText } from './format';
import { compileTemplate } from './template';
import errorTemplate from './templates/error.json';
import type { AdaptiveCard } from './types';

export interface ErrorCardData {
  title: string;
  message: string;
  /** What to do instead, e.g. the correct command syntax. */
  hint?: string;
  /** A reference to quote to an operator, e.g. the activity id. Shown small as "ref: …". */
  reference?: string;
}

interface ErrorView {
  title: string;
  message: string;
  hasHint: boolean;
  hint: string;
  hasReference: boolean;
  referenceText: string;
}

const render = compileTemplate<ErrorView>(errorTemplate);

/** A short, actionable error in attention style. */
export function errorCard(data: ErrorCardData): AdaptiveCard {
  return render({
    title: truncateText(data.title, 200),
    message: truncateText(data.message, 4_000),
    hasHint: Boolean(data.hint),
    hint: truncateText(data.hint ?? '', 2_000),
    hasReference: Boolean(data.reference),
    referenceText: `ref: ${truncateText(data.reference ?? '', 200)}`,
  });
}
