/**
 * Makes text from users safe to show: control characters, NUL, the bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), the directional marks (U+200E, U+200F, U+061C) and the
 * line and paragraph separators are written as visible escapes such as `\u202E`, so that a name
 * cannot reorder the text around it or hide what it holds. Line breaks and tabs stay (a lone CR
 * or a CRLF becomes a line break). Applying it twice changes nothing more. Linear in the length.
 */
export function displaySafeText(text: string): string {
  const at = firstUnsafe(text);
  if (at === -1) return text;
  let out = text.slice(0, at);
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      out += '\n';
      if (text.charCodeAt(i + 1) === 10) i++;
    } else out += unsafe(c) ? escapeCode(c) : text[i];
  }
  return out;
}

/** The first character `displaySafeText` would escape, escaped (e.g. `\u202E`), or undefined. */
export function firstUnsafeChar(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 13 && unsafe(c)) return escapeCode(c);
  }
  return undefined;
}

/** Index of the first character to rewrite (an unsafe one or a CR), or -1. */
function firstUnsafe(text: string): number {
  for (let i = 0; i < text.length; i++) if (unsafe(text.charCodeAt(i))) return i;
  return -1;
}

function unsafe(c: number): boolean {
  if (c < 32) return c !== 9 && c !== 10;
  if (c < 127) return false;
  if (c <= 159) return true;
  return (
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

function escapeCode(c: number): string {
  return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
