import { describe, expect, it } from 'vitest';
import { errorCard } from '../../cards';
import { compileTemplate } from '../../cards/template';
import { isFailure, parseCommand } from '../../bot/commands/parse';
import { displaySafeReply, failureReply } from '../../bot/replies';
import { expectValidCard } from '../support/card-schema';

/** Every character from user input that must never reach a reply or a card raw. */
const UNSAFE_RANGES = [
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F',
  '\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069',
];
const RAW_UNSAFE = new RegExp(`[${UNSAFE_RANGES.join('')}]`);

describe('user text in replies and cards is shown escaped', () => {
  it('escapes control and direction characters in a failure reply: message, details and hint', () => {
    const reply = failureReply(
      {
        ok: false,
        reason: 'invalid',
        message: 'Unknown tenant "nw\u202Eten".',
        details: ['Row 2 (EmailAddress): "ana\u0000@x" is not an email address'],
      },
      'Did you mean: batch status \u2066name\u2069',
    );
    const json = JSON.stringify(reply.card);
    expect(json).not.toMatch(RAW_UNSAFE);
    expect(json).toContain('nw\\\\u202Eten');
    expect(json).toContain('ana\\\\u0000@x');
    expect(json).toContain('\\\\u2066name\\\\u2069');
    expectValidCard(reply.card!);
  });

  it('escapes them in plain text replies', () => {
    expect(displaySafeReply({ text: 'No batch named "a\u202Eb".' }).text).toBe('No batch named "a\\u202Eb".');
  });

  it('escapes them in every card at the template boundary, whatever builds the view', () => {
    const card = errorCard({ title: 'x\u202Ey', message: 'override reason: ok\u0007\u2067' });
    expect(JSON.stringify(card)).not.toMatch(RAW_UNSAFE);
    const render = compileTemplate<{ name: string; rows: { text: string }[] }>({
      type: 'AdaptiveCard',
      version: '1.5',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Adaptive Card template expression
      body: [{ type: 'TextBlock', text: '${name}' }],
    });
    expect(render({ name: 'Wave\u202E1', rows: [] }).body).toEqual([
      { type: 'TextBlock', text: 'Wave\\u202E1' },
    ]);
  });

  it('refuses a command holding such a character, naming it escaped, before reading its words', () => {
    for (const text of [
      'batch create Wave\u202E1 --tenant northwind --scenario hybrid',
      'batch start Wave1 --override "ok\u0000"',
      'bat\u2066ch list',
    ]) {
      const parsed = parseCommand(text);
      if (!isFailure(parsed)) throw new Error(`accepted ${JSON.stringify(text)}`);
      expect(parsed.error).toMatch(/invisible control or direction character \(\\u(202E|0000|2066)\)/);
      expect(parsed.error).not.toMatch(RAW_UNSAFE);
    }
  });

  it('repeats at most 60 characters of an unknown command', () => {
    const parsed = parseCommand(`${'x'.repeat(500)} list`);
    if (!isFailure(parsed)) throw new Error('accepted');
    expect(parsed.error.length).toBeLessThan(100);
    expect(parsed.error).toContain('…');
  });
});
