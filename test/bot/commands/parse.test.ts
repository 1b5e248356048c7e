import { describe, expect, it } from 'vitest';
import { cleanText, isFailure, parseCommand } from '../../../bot/commands/parse';

describe('command grammar', () => {
  it('parses a command with a quoted name and options', () => {
    const result = parseCommand('batch users "Wave 1" --status Failed --page 2');
    expect(isFailure(result)).toBe(false);
    if (isFailure(result)) return;
    expect(result.key).toBe('batch.users');
    expect(result.args).toEqual({ name: 'Wave 1' });
    expect(result.options).toEqual({ status: 'Failed', page: 2 });
  });

  it('keeps the lines after the command as the body (the CSV)', () => {
    const result = parseCommand(
      'batch create W1 --tenant northwind --scenario cross-tenant\nEmailAddress\na@b.com',
    );
    if (isFailure(result)) throw new Error(result.error);
    expect(result.key).toBe('batch.create');
    expect(result.options).toEqual({ tenant: 'northwind', scenario: 'cross-tenant' });
    expect(result.body).toBe('EmailAddress\na@b.com');
  });

  it('is anchored: a command word inside other text does not match', () => {
    const result = parseCommand('please batch start W1');
    expect(isFailure(result)).toBe(true);
  });

  it('takes the optional cutover time', () => {
    const now = parseCommand('batch cutover W1 now');
    const later = parseCommand('batch cutover W1 2026-12-01T18:00:00Z');
    if (isFailure(now) || isFailure(later)) throw new Error('should parse');
    expect(now.args).toEqual({ name: 'W1', when: 'now' });
    expect(later.args.when).toBe('2026-12-01T18:00:00Z');
  });

  it('reads report with a batch, or with --tenant alone', () => {
    const batch = parseCommand('report "Wave 1" --tenant adatum');
    const tenant = parseCommand('report --tenant northwind');
    if (isFailure(batch) || isFailure(tenant)) throw new Error('should parse');
    expect([batch.key, batch.args, batch.options]).toEqual([
      'report',
      { name: 'Wave 1' },
      { tenant: 'adatum' },
    ]);
    expect([tenant.key, tenant.args, tenant.options]).toEqual(['report', {}, { tenant: 'northwind' }]);
    expect(isFailure(parseCommand('report W1 --since yesterday'))).toBe(true);
  });

  it('names the closest command for a typo', () => {
    const result = parseCommand('bach stauts W1');
    if (!isFailure(result)) throw new Error('should fail');
    expect(result.suggestion?.syntax).toBe('batch status <name>');
  });

  it('explains a missing argument with the syntax', () => {
    const result = parseCommand('batch start');
    if (!isFailure(result)) throw new Error('should fail');
    expect(result.error).toBe('batch start needs <name>.');
    expect(result.suggestion?.syntax).toBe('batch start <name> [--override "<reason>"]');
  });

  it('refuses unknown options and non-numeric pages', () => {
    const unknown = parseCommand('batch status W1 --force');
    const page = parseCommand('batch users W1 --page two');
    expect(isFailure(unknown) && unknown.error).toBe('batch status has no option --force.');
    expect(isFailure(page) && page.error).toBe('--page takes a whole number.');
  });

  it('refuses extra words and unclosed quotes', () => {
    expect(isFailure(parseCommand('batch status Wave 1'))).toBe(true);
    const quote = parseCommand('batch status "Wave 1');
    expect(isFailure(quote) && quote.error).toBe('A double quote is not closed.');
  });

  it('accepts smart quotes from the Teams client', () => {
    const result = parseCommand('batch status \u201CWave 1\u201D');
    if (isFailure(result)) throw new Error(result.error);
    expect(result.args.name).toBe('Wave 1');
  });

  it('cleans mentions, markup and entities', () => {
    expect(cleanText('<at>Cutover</at> batch list')).toBe('batch list');
    expect(cleanText('<p>batch create W --tenant t</p><p>EmailAddress</p><p>a@b.com</p>')).toBe(
      'batch create W --tenant t\nEmailAddress\na@b.com',
    );
    expect(cleanText('a &amp; b&nbsp;c')).toBe('a & b c');
  });
});

describe('closest command', () => {
  it.each([
    ['batch strat W1', 'batch start <name> [--override "<reason>"]'],
    ['hlep', 'help'],
    ['batch cutvoer W1', 'batch cutover <name> [now|<ISO-8601 time>]'],
    ['tennants', 'tenants'],
    ['batch lsit', 'batch list [--tenant <id>]'],
  ])('%s suggests %s', (text, syntax) => {
    const result = parseCommand(text);
    if (!isFailure(result)) throw new Error('should fail');
    expect(result.suggestion?.syntax).toBe(syntax);
  });
});
