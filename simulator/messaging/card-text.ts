/** What the simulator reads out of a delivered activity's attachments: the notice id and a title. */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An attachment's content as an object (Bot Framework sends objects; Graph keeps JSON strings). */
function contentOf(attachment: unknown): unknown {
  if (!isObject(attachment)) return undefined;
  const { content } = attachment;
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/** Every object in a JSON tree, depth first, in document order. */
function* objects(value: unknown): Generator<JsonObject> {
  if (Array.isArray(value)) {
    for (const item of value) yield* objects(item);
  } else if (isObject(value)) {
    yield value;
    for (const child of Object.values(value)) yield* objects(child);
  }
}

/** `data.noticeId` of the first Adaptive Card action (Action.Execute, Action.Submit, …) that carries one. */
export function noticeIdOf(attachments: readonly unknown[]): string | null {
  for (const attachment of attachments) {
    for (const node of objects(contentOf(attachment))) {
      if (typeof node.type !== 'string' || !node.type.startsWith('Action.')) continue;
      const data = node.data;
      if (isObject(data) && typeof data.noticeId === 'string' && data.noticeId !== '') return data.noticeId;
    }
  }
  return null;
}

/** The first TextBlock's text of the first card: what a person sees as the message's title. */
export function cardTitleOf(attachments: readonly unknown[]): string | null {
  for (const attachment of attachments) {
    for (const node of objects(contentOf(attachment))) {
      if (node.type === 'TextBlock' && typeof node.text === 'string' && node.text.trim() !== '') {
        return node.text.trim();
      }
    }
  }
  return null;
}
