import { COMMANDS, type CommandKey, type CommandSpec } from './specs';

export interface ParsedCommand {
  key: CommandKey;
  spec: CommandSpec;
  args: Record<string, string>;
  options: Record<string, string | number | boolean>;
  /** Lines after the first (for example a pasted CSV). */
  body: string;
  /** A CSV file attached to the message (batch create), as downloaded. */
  file?: Buffer;
}

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
  const [firstLine = '', ...rest] = text.split('\n');
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
    return { error: `I don't know "${words.slice(0, 2).join(' ')}".`, suggestion };
  }
  const args: Record<string, string> = {};
  const options: Record<string, string | number | boolean> = {};
  const positional: string[] = [];
  const remaining = words.slice(spec.words.length);
  for (let i = 0; i < remaining.length; i++) {
    const token = remaining[i]!;
    if (token.startsWith('--')) {
      const name = token.slice(2).toLowerCase();
      const kind = spec.options[name];
      if (!kind) return { error: `${spec.words.join(' ')} has no option --${name}.`, suggestion: spec };
      if (kind === 'flag') {
        options[name] = true;
        continue;
      }
      const value = remaining[++i];
      if (value === undefined || value.startsWith('--'))
        return { error: `--${name} needs a value.`, suggestion: spec };
      if (kind === 'int') {
        if (!/^\d{1,6}$/.test(value)) return { error: `--${name} takes a whole number.`, suggestion: spec };
        options[name] = Number.parseInt(value, 10);
      } else options[name] = value;
    } else positional.push(token);
  }
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
      error: `I did not expect "${extra}". Put names with spaces in double quotes.`,
      suggestion: spec,
    };
  }
  spec.args.forEach((name, i) => {
    const value = positional[i];
    if (value !== undefined) args[name.replace('?', '')] = value;
  });
  return { key: spec.key, spec, args, options, body: rest.join('\n') };
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

function closest(words: string[]): CommandSpec {
  let best = COMMANDS[0]!;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const spec of COMMANDS) {
    const score = distance(words.slice(0, spec.words.length).join(' '), spec.words.join(' '));
    if (score < bestScore) {
      best = spec;
      bestScore = score;
    }
  }
  return best;
}

/** Edit distance with adjacent transpositions (optimal string alignment): "strat" is one step from "start". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** Turns a Teams message text into plain lines: mentions, tags and entities removed. */
export function cleanText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
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
