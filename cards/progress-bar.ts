import { clampPercent, formatPercent } from './format';
import type { ContainerStyle } from './state-style';

/** A progress bar drawn as two columns whose widths are weights out of 1000. */
export interface ProgressBarView {
  /** Weight of the filled column, "1".."999". */
  done: string;
  /** Weight of the empty column, "1".."999"; `done + rest` is 1000. */
  rest: string;
  style: ContainerStyle;
  /** "37%". */
  percentText: string;
}

/**
 * Column weights for a percentage. Weights are per mille so that neither column is ever 0 (a zero weight
 * is not a valid column width), while at 0% and 100% the clamped column is a sliver of 0.1%.
 */
export function progressBar(percent: number, style: ContainerStyle = 'accent'): ProgressBarView {
  const done = Math.min(999, Math.max(1, Math.round(clampPercent(percent) * 10)));
  return { done: String(done), rest: String(1000 - done), style, percentText: formatPercent(percent) };
}
