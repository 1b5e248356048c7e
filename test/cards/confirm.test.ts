import { describe, expect, it } from 'vitest';
import { CONFIRM_CARD_MAX_NAMES, type ConfirmCardData, confirmCard, ISO_DATETIME_PATTERN } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, inputById, nodes, texts } from './card-query';

const names = (n: number) => Array.from({ length: n }, (_, i) => `user${i + 1}@fabrikam.com`);

function confirm(overrides: Partial<ConfirmCardData> = {}): ConfirmCardData {
  return {
    batchId: 'batch-7f3a',
    version: 4,
    action: 'cutover',
    title: 'Cut over Sales wave 1?',
    text: 'Mail will be delivered to the target tenant. This cannot be undone.',
    count: 3,
    names: names(3),
    ...overrides,
  };
}

describe('confirmCard', () => {
  it('shows the count and the names, with Confirm and Cancel', () => {
    const card = confirmCard(confirm());
    expectValidCard(card);
    expect(texts(card)).toEqual([
      'Cut over Sales wave 1?',
      'Mail will be delivered to the target tenant. This cannot be undone.',
      'Affects 3 users',
      'user1@fabrikam.com',
      'user2@fabrikam.com',
      'user3@fabrikam.com',
    ]);
    expect(executeActions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Yes, cut over',
        verb: 'batch.confirm',
        data: { batchId: 'batch-7f3a', version: 4, action: 'cutover' },
        style: 'positive',
      },
      {
        type: 'Action.Execute',
        title: 'Cancel',
        verb: 'batch.refresh',
        data: { batchId: 'batch-7f3a', version: 4 },
        associatedInputs: 'none',
      },
    ]);
    expect(nodes(card).some((n) => n.id === 'cutoverAt')).toBe(false);
  });

  it(`lists at most ${CONFIRM_CARD_MAX_NAMES} names and counts the rest`, () => {
    const card = confirmCard(confirm({ action: 'retry', count: 2000, names: names(2000) }));
    expectValidCard(card);
    const shown = texts(card);
    expect(shown.filter((t) => t.endsWith('@fabrikam.com'))).toHaveLength(20);
    expect(shown).toContain('user20@fabrikam.com');
    expect(shown).not.toContain('user21@fabrikam.com');
    expect(shown).toContain('Affects 2,000 users');
    expect(shown.at(-1)).toBe('…and 1,980 more');
    expect(executeActions(card)[0]).toMatchObject({ title: 'Yes, retry', data: { action: 'retry' } });
  });

  it('counts users beyond the names passed in', () => {
    const card = confirmCard(confirm({ action: 'remove', count: 50, names: names(5) }));
    expect(texts(card).at(-1)).toBe('…and 45 more');
    expect(executeActions(card)[0]).toMatchObject({
      title: 'Yes, remove',
      style: 'destructive',
      data: { batchId: 'batch-7f3a', version: 4, action: 'remove' },
    });
  });

  it('offers a cutoverAt input only for a cutover that may be scheduled', () => {
    const card = confirmCard(confirm({ allowSchedule: true }));
    expectValidCard(card);
    expect(inputById(card, 'cutoverAt')).toMatchObject({ type: 'Input.Text', regex: ISO_DATETIME_PATTERN });
    expect(inputById(card, 'cutoverAt')).not.toHaveProperty('isRequired');
    const retry = confirmCard(confirm({ action: 'retry', allowSchedule: true }));
    expect(nodes(retry).some((n) => n.id === 'cutoverAt')).toBe(false);
  });

  it('says once what a blank time means, and requires a time when the batch cannot be cut over now', () => {
    const optional = confirmCard(confirm({ allowSchedule: true }));
    expectValidCard(optional);
    expect(inputById(optional, 'cutoverAt')).toMatchObject({
      label: 'Cut over at (ISO-8601 with time zone); leave blank to cut over now',
      regex: ISO_DATETIME_PATTERN,
    });
    const required = confirmCard(confirm({ allowSchedule: true, timeRequired: true }));
    expectValidCard(required);
    const input = inputById(required, 'cutoverAt');
    expect(input).toMatchObject({ label: 'Cut over at (ISO-8601 with time zone)', isRequired: true });
    expect(String(input.label) + String(input.errorMessage)).not.toMatch(/blank/);
    expect(nodes(required).filter((n) => n.id === 'cutoverAt')).toHaveLength(1);
  });

  it('shows and sends a cutover time chosen beforehand, without the input', () => {
    const card = confirmCard(confirm({ at: '2026-11-22T19:00:00+01:00', allowSchedule: true }));
    expectValidCard(card);
    expect(texts(card)[2]).toBe('Cutover at 2026-11-22 18:00 UTC');
    expect(executeActions(card)[0]!.data).toEqual({
      batchId: 'batch-7f3a',
      version: 4,
      action: 'cutover',
      at: '2026-11-22T19:00:00+01:00',
    });
    expect(nodes(card).some((n) => n.id === 'cutoverAt')).toBe(false);
    const remove = confirmCard(confirm({ action: 'remove', at: '2026-11-22T19:00:00Z' }));
    expect(executeActions(remove)[0]!.data).not.toHaveProperty('at');
    expect(texts(remove).some((t) => t.startsWith('Cutover at'))).toBe(false);
  });

  it('works with no names and a single user', () => {
    const none = confirmCard(confirm({ count: 0, names: [] }));
    expectValidCard(none);
    expect(texts(none)).toEqual([
      'Cut over Sales wave 1?',
      'Mail will be delivered to the target tenant. This cannot be undone.',
      'Affects 0 users',
    ]);
    const one = confirmCard(confirm({ count: 1, names: ['solo@fabrikam.com'] }));
    expect(texts(one).slice(2)).toEqual(['Affects 1 user', 'solo@fabrikam.com']);
  });

  it('stays small with long names', () => {
    const card = confirmCard(
      confirm({ count: 5000, names: Array.from({ length: 5000 }, () => 'n'.repeat(1_000)) }),
    );
    expectValidCard(card);
  });
});
