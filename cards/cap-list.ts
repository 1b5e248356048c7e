import { formatCount } from './format';

/** The first `max` items of a list, and how many were left out. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** "and 40 more" (empty when nothing was left out). */
export function moreText(more: number, suffix = ''): string {
  return more > 0 ? `…and ${formatCount(more)} more${suffix}` : '';
}
