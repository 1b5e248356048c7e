import { describe, expect, it } from 'vitest';
import { helpCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, ofType, texts } from './card-query';

const commands = [
  { syntax: 'batch create', description: 'Open the form for a new batch.' },
  { syntax: 'help', description: 'Show this list.' },
  { syntax: 'batch status <name>', description: 'Show a batch.' },
  { syntax: 'user status <email>', description: "Show one user's move." },
  { syntax: 'batch list', description: 'List batches.' },
];

describe('helpCard', () => {
  it('groups commands by their first word in order of first appearance', () => {
    const card = helpCard({ commands, roles: ['admin', 'viewer'] });
    expectValidCard(card);
    const groups = ofType(card, 'Container').filter((c) => c.separator === true);
    expect(groups).toHaveLength(3);
    const groupTexts = groups.map((g) => (g.items as { text?: string }[])[0]!.text);
    expect(groupTexts).toEqual(['Batch', 'Help', 'User']);
    expect(texts(card)).toEqual([
      'Cutover commands',
      'Your roles: admin, viewer',
      'Batch',
      'batch create',
      'Open the form for a new batch.',
      'batch status \u2039name\u203A',
      'Show a batch.',
      'batch list',
      'List batches.',
      'Help',
      'help',
      'Show this list.',
      'User',
      'user status \u2039email\u203A',
      "Show one user's move.",
    ]);
    expect(executeActions(card)).toEqual([]);
  });

  it('says so when the caller has no roles and no commands', () => {
    const card = helpCard({ commands: [], roles: [] });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Cutover commands',
      'You have no Cutover roles yet.',
      'No commands are available to you yet. Ask a Cutover admin to give you a role.',
    ]);
  });

  it('handles a single command and a single role', () => {
    const card = helpCard({ commands: [commands[1]!], roles: ['viewer'] });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Cutover commands',
      'Your roles: viewer',
      'Help',
      'help',
      'Show this list.',
    ]);
  });
});
