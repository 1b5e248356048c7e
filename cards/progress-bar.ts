import { clampPercent, formatPercent } from './format';
import type { ContainerStyle } from './state-style';

/**
 * A progress bar drawn as up to two columns whose widths are the percentage and its rest, as weights
 * out of 100. A column with nothing to draw is left out, because a zero weight is not a valid width.
 */
export interface ProgressBarView {
  /** Weight of the filled column, "1".."100"; "" when the bar is empty. */
  done: string;
  /** Weight of the empty column, "1".."100"; "" when the bar is full. */
  rest: string;
  hasDone: boolean;
  hasRest: boolean;
  style: ContainerStyle;
  /** "37%". */
  percentText: string;
}

/**
 * The bar for a percentage, filled to exactly the whole percentage its text shows (rounded down, so a
 * full bar means done): 0% is an empty bar with no filled column, 100% a full bar with no empty column,
 * and n% is n:(100 - n).
 */
export function progressBar(percent: number, style: ContainerStyle = 'accent'): ProgressBarView {
  const done = Math.floor(clampPercent(percent));
  const rest = 100 - done;
  return {
    done: done > 0 ? String(done) : '',
    rest: rest > 0 ? String(rest) : '',
    hasDone: done > 0,
    hasRest: rest > 0,
    style,
    percentText: formatPercent(percent),
  };
}
