import { describe, expect, it } from 'vitest';
import { isFailure, parseCommand } from '../../../bot/commands/parse';
import { COMMANDS } from '../../../bot/commands/specs';

describe('command options checked against each command spec', () => {
  it('gives a flag as true, a page as a number and a text as it was typed', () => {
    const result = parseCommand('batch notices W1 --failed --page 3 --tenant northwind');
    if (isFailure(result)) throw new Error(result.error);
    expect(result.options).toEqual({ failed: true, page: 3, tenant: 'northwind' });
  });

  it('leaves out the options not given', () => {
    const result = parseCommand('batch status W1');
    if (isFailure(result)) throw new Error(result.error);
    expect(result.options).toEqual({});
  });

  it('refuses a --kind that is not a notice kind, naming the kinds, with the syntax', () => {
    const result = parseCommand('notify preview W1 --kind farewell');
    if (!isFailure(result)) throw new Error('should fail');
    expect(result.error).toBe('--kind is one of heads-up, reset, reminder.');
    expect(result.suggestion?.key).toBe('notify.preview');
  });

  it('takes every notice kind', () => {
    for (const kind of ['heads-up', 'reset', 'reminder']) {
      const result = parseCommand(`notify preview W1 --kind ${kind}`);
      if (isFailure(result)) throw new Error(result.error);
      expect(result.options).toEqual({ kind });
    }
  });

  it('refuses a page that is not a whole number, a negative one or one too long', () => {
    for (const page of ['2.5', '-1', '1234567']) {
      const result = parseCommand(`audit W1 --page ${page}`);
      expect(isFailure(result) && result.error).toBe('--page takes a whole number.');
    }
  });

  it('does not take an option name that is an object property', () => {
    const result = parseCommand('batch status W1 --constructor x');
    expect(isFailure(result) && result.error).toBe('batch status has no option --constructor.');
  });

  it('names every option but --tenant in the syntax the help card and the hints show', () => {
    for (const spec of COMMANDS) {
      for (const name of Object.keys(spec.options.shape)) {
        if (name === 'tenant' && spec.object === 'batch') continue;
        expect(spec.syntax, `${spec.key} --${name}`).toContain(`--${name}`);
      }
    }
  });
});
