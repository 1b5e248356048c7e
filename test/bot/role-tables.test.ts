import { describe, expect, it } from 'vitest';
import { VERB_ACCESS, type VerbAccess } from '../../bot/authorize-table';
import { COMMANDS, type CommandKey, type CommandSpec } from '../../bot/commands/specs';
import { CARD_VERBS, type CardVerb, type CardVerbData } from '../../cards/verbs';

type VerbTable = { [V in CardVerb]: VerbAccess<CardVerbData[V]> };
type CommandTable = { [K in CommandKey]: Omit<CommandSpec, 'key'> };

describe('role tables', () => {
  it('every card verb and every command has exactly one row, with a role', () => {
    expect(Object.keys(VERB_ACCESS).sort()).toEqual([...CARD_VERBS].sort());
    const keys = COMMANDS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const spec of COMMANDS) expect(spec.role === 'none' || spec.doing.length > 0).toBe(true);
  });

  it('a table missing a verb or a command does not compile', () => {
    const { 'batch.refresh': _dropped, ...rest } = VERB_ACCESS;
    // @ts-expect-error a verb without a row
    const verbs: VerbTable = rest;
    const commands = Object.fromEntries(COMMANDS.filter((c) => c.key !== 'audit').map((c) => [c.key, c]));
    // @ts-expect-error a command without a row
    const table: CommandTable = commands as Omit<CommandTable, 'audit'>;
    expect(Object.keys(verbs)).not.toContain('batch.refresh');
    expect(Object.keys(table)).not.toContain('audit');
  });
});
