import { displaySafeText, firstUnsafeChar } from '../../services/text/display-safe';
import { z } from 'zod';
import { COMMANDS, type CommandKey, type CommandOptions, type CommandSpec } from './specs';

/**
 * Longest message text read, a pasted CSV included (Teams sends at most about 100 KB); longer text
 * is refused before any of it is parsed. A larger CSV is attached as a file or pasted in the form.
 */
export const MAX_MESSAGE_CHARS = 100_000;
/** Longest command line (the first line of a message). */
export const MAX_COMMAND_CHARS = 1_000;
/** Characters of each word compared when suggesting the closest command. */
const SUGGEST_WORD_CHARS = 24;
/** Characters of user text repeated in a parse error. */
const ECHO_CHARS = 60;

export interface ParsedCommand {
  key: CommandKey;
  spec: CommandSpec;
  args: Record<string, string>;
  /** Checked against the spec's schema; a handler sees them typed (`Command<K>`). */
  options: Readonly<Record<string, unknown>>;
  /** Lines after the first (for example a pasted CSV). */
  body: string;
  /** A CSV file attached to the message (batch create), as downloaded. */
  file?: Buffer;
}

/** A parsed command as its handler receives it: the options typed after its spec. */
export type Command<K extends CommandKey> = Omit<ParsedCommand, 'key' | 'options'> & {
  key: K;
  options: CommandOptions<K>;
};

export interface ParseFailure {
  error: string;
  /** The closest command, for the usage hint. */
  suggestion?: CommandSpec;
}

/**
 * Anchored command parsing: the whole first line must match one command's
 * words, arguments and options. Names with spaces go in double quotes.
 */
export function parseCommand(text: string): ParsedCommand | ParseFailure {
  if (text.length > MAX_MESSAGE_CHARS) {
    return {
      error: `This message is ${count(text.length)} characters; Cutover reads at most ${count(MAX_MESSAGE_CHARS)}. Attach a large CSV as a file, or paste it in the form (batch new).`,
    };
  }
  const newline = text.indexOf('\n');
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  const body = newline === -1 ? '' : text.slice(newline + 1);
  if (firstLine.length > MAX_COMMAND_CHARS) {
    return {
      error: `The command line is ${count(firstLine.length)} characters; a command is at most ${count(MAX_COMMAND_CHARS)}. Put a CSV on the lines after it.`,
    };
  }
  const unsafe = firstUnsafeChar(firstLine);
  if (unsafe) {
    return {
      error: `The command holds an invisible control or direction character (${unsafe}); type it again without it.`,
    };
  }
  const tokens = tokenize(firstLine);
  if (!tokens.ok) return { error: tokens.error };
  const words = tokens.tokens;
  if (words.length === 0) return { error: 'Say a command.', suggestion: COMMANDS[0] };
  const lower = words.map((w) => w.toLowerCase());
  const spec = [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => lower[i] === w));
  if (!spec) {
    const suggestion = closest(lower);
    return { error: `I don't know "${echo(words.slice(0, 2).join(' '))}".`, suggestion };
  }
  const args: Record<string, string> = {};
  const raw: Record<string, string | boolean> = {};
  const shape = spec.options.shape;
  const positional: string[] = [];
  const remaining = words.slice(spec.words.length);
  for (let i = 0; i < remaining.length; i++) {
    const token = remaining[i]!;
    if (token.startsWith('--')) {
      const name = token.slice(2).toLowerCase();
      const schema = Object.hasOwn(shape, name) ? shape[name] : undefined;
      if (!schema)
        return { error: `${spec.words.join(' ')} has no option --${echo(name)}.`, suggestion: spec };
      if (isFlag(schema)) {
        raw[name] = true;
        continue;
      }
      const value = remaining[++i];
      if (value === undefined || value.startsWith('--'))
        return { error: `--${echo(name)} needs a value.`, suggestion: spec };
      raw[name] = value;
    } else positional.push(token);
  }
  const checked = spec.options.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { error: `--${echo(String(issue.path[0] ?? ''))} ${issue.message}.`, suggestion: spec };
  }
  const options = checked.data;
  const required = spec.args.filter((a) => !a.endsWith('?'));
  if (positional.length < required.length) {
    return {
      error: `${spec.words.join(' ')} needs ${required.map((a) => `<${a}>`).join(' ')}.`,
      suggestion: spec,
    };
  }
  if (positional.length > spec.args.length) {
    const extra = positional.slice(spec.args.length).join(' ');
    return {
      error: `I did not expect "${echo(extra)}". Put names with spaces in double quotes.`,
      suggestion: spec,
    };
  }
  spec.args.forEach((name, i) => {
    const value = positional[i];
    if (value !== undefined) args[name.replace('?', '')] = value;
  });
  return { key: spec.key, spec, args, options, body };
}

/** An option that takes no value (a boolean in its schema). */
function isFlag(schema: z.ZodTypeAny): boolean {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return inner instanceof z.ZodBoolean;
}

/** The --tenant a command was given, for checks made before its handler (every --tenant is a text). */
export function tenantOption(command: Pick<ParsedCommand, 'options'>): string | undefined {
  const tenant = command.options.tenant;
  return typeof tenant === 'string' ? tenant : undefined;
}

export function isFailure(result: ParsedCommand | ParseFailure): result is ParseFailure {
  return 'error' in result;
}

function tokenize(line: string): { ok: true; tokens: string[] } | { ok: false; error: string } {
  const tokens: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  const normalized = line.replace(/[\u201C\u201D\u201E]/g, '"');
  if ((normalized.match(/"/g)?.length ?? 0) % 2 === 1)
    return { ok: false, error: 'A double quote is not closed.' };
  for (const match of normalized.matchAll(re)) tokens.push(match[1] ?? match[2]!);
  return { ok: true, tokens };
}

/**
 * The command whose words are closest to the first words typed. Bounded whatever was typed: only
 * the first SUGGEST_WORD_CHARS characters of each of the first words are compared, and a
 * comparison stops as soon as it cannot beat the best so far.
 */
function closest(words: string[]): CommandSpec {
  let best = COMMANDS[0]!;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const spec of COMMANDS) {
    const typed = words
      .slice(0, spec.words.length)
      .map((w) => w.slice(0, SUGGEST_WORD_CHARS))
      .join(' ');
    const score = distance(typed, spec.words.join(' '), bestScore);
    if (score < bestScore) {
      best = spec;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): "strat" is one step from
 * "start". Three rows of the table only; returns `cut` (or more) as soon as every cell of a row is
 * at least `cut`, since the distance can only grow from there.
 */
export function distance(a: string, b: string, cut = Number.POSITIVE_INFINITY): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= cut) return cut;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** User text repeated in an error: shortened, control and direction characters escaped. */
function echo(text: string): string {
  const safe = displaySafeText(text);
  return safe.length > ECHO_CHARS ? `${safe.slice(0, ECHO_CHARS - 1)}…` : safe;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Turns a Teams message text into plain lines: mentions, tags and entities removed. */
export function cleanText(text: string): string {
  // Over the limit: left as it is, for parseCommand to refuse without reading it.
  if (text.length > MAX_MESSAGE_CHARS) return text;
  // Every pattern here runs in linear time: a tag may not contain '<', so a run of '<' without
  // a '>' is not rescanned from each of its characters.
  return text
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n')
    .replace(/<[^<>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
}
