import { describe, expect, it } from 'vitest';
import {
  MAX_COMMAND_CHARS,
  MAX_MESSAGE_CHARS,
  cleanText,
  distance,
  isFailure,
  parseCommand,
} from '../../bot/commands/parse';
import { BLOCKING_BUDGET_MS, blockingMs } from '../support/blocking-time';

function failure(text: string): string {
  const parsed = parseCommand(cleanText(text));
  if (!isFailure(parsed)) throw new Error(`accepted ${text.slice(0, 40)}`);
  return parsed.error;
}

describe('message limits', () => {
  it('refuses a message over 100,000 characters before reading it, naming the limit', () => {
    expect(MAX_MESSAGE_CHARS).toBe(100_000);
    const head = 'batch create Wave1 --tenant northwind --scenario hybrid\nEmailAddress\n';
    const text = head + 'a'.repeat(MAX_MESSAGE_CHARS + 1 - head.length);
    expect(text.length).toBe(MAX_MESSAGE_CHARS + 1);
    expect(failure(text)).toBe(
      'This message is 100,001 characters; Cutover reads at most 100,000. Attach a large CSV as a file, or paste it in the form (batch new).',
    );
  });

  it('reads a message of exactly 100,000 characters', () => {
    const head = 'batch create Wave1 --tenant northwind --scenario hybrid\nEmailAddress\n';
    const text = head + 'a'.repeat(MAX_MESSAGE_CHARS - head.length);
    const parsed = parseCommand(cleanText(text));
    expect(isFailure(parsed)).toBe(false);
  });

  it('refuses a command line over 1,000 characters, naming the limit', () => {
    expect(MAX_COMMAND_CHARS).toBe(1_000);
    const line = `batch start Wave1 --override "${'r'.repeat(1_000)}"`;
    expect(failure(line)).toBe(
      `The command line is ${(line.length).toLocaleString('en-US')} characters; a command is at most 1,000. Put a CSV on the lines after it.`,
    );
  });
});

describe('bounded work on the largest messages the limits allow', () => {
  const cases: [string, string][] = [
    // Tag-like text without a closing bracket: a backtracking pattern would rescan it from each '<'.
    ['a run of "<"', '<'.repeat(MAX_MESSAGE_CHARS)],
    ['unclosed mentions', '<at>'.repeat(MAX_MESSAGE_CHARS / 4)],
    [
      'one long unknown word',
      `${'w'.repeat(MAX_COMMAND_CHARS)}\n${'x'.repeat(MAX_MESSAGE_CHARS - MAX_COMMAND_CHARS - 1)}`,
    ],
    [
      'many unknown words',
      `${'ab '.repeat(MAX_COMMAND_CHARS / 3)}\n${'x,'.repeat((MAX_MESSAGE_CHARS - MAX_COMMAND_CHARS) / 2 - 1)}`,
    ],
    ['quotes', `batch status ${'"a" '.repeat(240)}\n${'"'.repeat(MAX_MESSAGE_CHARS - 1_000)}`],
    ['entities and line breaks', '&amp;<br/>'.repeat(MAX_MESSAGE_CHARS / 10)],
    ['just over the limit', 'x'.repeat(MAX_MESSAGE_CHARS + 1)],
  ];

  it.each(cases)('%s: cleaned and parsed within the budget', (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 1);
    expect(blockingMs(() => parseCommand(cleanText(text)))).toBeLessThan(BLOCKING_BUDGET_MS);
  });

  it('still suggests the closest command for a typo, and for a very long word', () => {
    const typo = parseCommand('batch strat Wave1');
    expect(isFailure(typo) && typo.suggestion?.key).toBe('batch.start');
    const long = parseCommand(`batch stauts ${'W'.repeat(900)}`);
    expect(isFailure(long) && long.suggestion?.key).toBe('batch.status');
  });

  it('gives up on a comparison that cannot beat the best so far', () => {
    expect(distance('strat', 'start')).toBe(1);
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('x'.repeat(24), 'batch list', 3)).toBe(3);
  });
});
