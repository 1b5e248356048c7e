import type { SkippedUser } from '../../model/batch';

const MAX_REASON_LENGTH = 300;

/**
 * The warnings Exchange gives about rows it leaves out of a new batch, as they read in Exchange
 * Online. Each pattern's first group is the row's address. A repeated row is not here: Exchange
 * keeps the user from the first row, so nobody is left out.
 */
const LEFT_OUT: readonly RegExp[] = [
  /^The user '([^']*)' already exists in (?:the )?migration batch\b/i,
  /^Row \d+: '([^']*)' isn't a valid email address\b/i,
];

/** Other wording that still says a row was not taken: the user is its first quoted address. */
const LEFT_OUT_WORDS =
  /\b(skipped|already exists|already (?:being )?migrat|not be migrated|was not added)\b/i;
const REPEATED_ROW = /\bappears more than once\b/i;
const QUOTED_ADDRESS = /'([^'\s]+@[^'\s]+)'/;

/** Warning texts from `@adminapi.warnings` or ValidationWarnings: strings, or objects with a message. */
export function warningTexts(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') texts.push(item);
    else if (typeof item === 'object' && item !== null) {
      const bag = item as Record<string, unknown>;
      const text = ['Message', 'message', 'Value', 'Text']
        .map((k) => bag[k])
        .find((v) => typeof v === 'string');
      if (typeof text === 'string') texts.push(text);
    }
  }
  return texts.map((t) => t.trim()).filter((t) => t !== '');
}

/** One warning as a left-out user, or undefined when it is about something else. */
export function skippedUserOf(warning: string): SkippedUser | undefined {
  const text = warning.trim();
  if (REPEATED_ROW.test(text)) return undefined;
  const reason = text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
  for (const pattern of LEFT_OUT) {
    const match = pattern.exec(text);
    if (match) return { email: (match[1] ?? '').trim(), reason };
  }
  if (!LEFT_OUT_WORDS.test(text)) return undefined;
  const address = QUOTED_ADDRESS.exec(text)?.[1];
  return address ? { email: address, reason } : undefined;
}

/** The users the warnings say were left out, each address once (the first reason wins). */
export function parseSkippedUsers(...warningLists: readonly string[][]): SkippedUser[] {
  const seen = new Set<string>();
  const users: SkippedUser[] = [];
  for (const warning of warningLists.flat()) {
    const user = skippedUserOf(warning);
    if (!user) continue;
    const key = user.email.toLowerCase();
    if (seen.has(key) && key !== '') continue;
    seen.add(key);
    users.push(user);
  }
  return users;
}
