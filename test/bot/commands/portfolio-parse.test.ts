import { describe, expect, it } from 'vitest';
import { isFailure, parseCommand } from '../../../bot/commands/parse';

describe('portfolio command grammar', () => {
  it('parses portfolio alone, with a state filter and a page', () => {
    const plain = parseCommand('portfolio');
    const filtered = parseCommand('portfolio --state failed --page 2');
    if (isFailure(plain) || isFailure(filtered)) throw new Error('should parse');
    expect(plain.key).toBe('portfolio');
    expect(plain.options).toEqual({});
    expect(filtered.key).toBe('portfolio');
    expect(filtered.options).toEqual({ state: 'failed', page: 2 });
  });

  it('refuses an unknown state filter, naming the ones there are', () => {
    const result = parseCommand('portfolio --state broken');
    if (!isFailure(result)) throw new Error('should fail');
    expect(result.error).toMatch(/is one of failed, approval, moving, synced, scheduled, completed/);
  });

  it('refuses a page that is not a whole number and an unknown option', () => {
    const page = parseCommand('portfolio --page two');
    const option = parseCommand('portfolio --tenant northwind');
    expect(isFailure(page) && page.error).toMatch(/whole number/);
    expect(isFailure(option)).toBe(true);
  });
});
