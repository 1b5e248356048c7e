import type { AdaptiveCard } from '../../cards';

export type Node = Record<string, unknown>;

/** Every object in the card, depth first, in document order (body before actions). */
export function nodes(card: AdaptiveCard): Node[] {
  const found: Node[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      found.push(value as Node);
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(card);
  return found;
}

export function ofType(card: AdaptiveCard, type: string): Node[] {
  return nodes(card).filter((node) => node.type === type);
}

/** The text of every TextBlock, in document order. */
export function texts(card: AdaptiveCard): string[] {
  return ofType(card, 'TextBlock').map((node) => String(node.text));
}

/** Every Action.Execute, including those in action sets and under "More". */
export function executeActions(card: AdaptiveCard): Node[] {
  return ofType(card, 'Action.Execute');
}

export function actionTitles(card: AdaptiveCard): string[] {
  return executeActions(card).map((action) => String(action.title));
}

export function actionByTitle(card: AdaptiveCard, title: string): Node {
  const action = executeActions(card).find((a) => a.title === title);
  if (action === undefined)
    throw new Error(`No button titled "${title}"; buttons: ${actionTitles(card).join(', ')}`);
  return action;
}

export function inputById(card: AdaptiveCard, id: string): Node {
  const input = nodes(card).find((node) => String(node.type).startsWith('Input.') && node.id === id);
  if (input === undefined) throw new Error(`No input with id "${id}"`);
  return input;
}

export function facts(card: AdaptiveCard): Record<string, string>[] {
  return ofType(card, 'FactSet').map((set) =>
    Object.fromEntries((set.facts as { title: string; value: string }[]).map((f) => [f.title, f.value])),
  );
}

/** The index of the first TextBlock whose text contains `part`, or -1. */
export function textIndex(card: AdaptiveCard, part: string): number {
  return texts(card).findIndex((text) => text.includes(part));
}
