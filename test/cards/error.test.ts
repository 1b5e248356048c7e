import { describe, expect, it } from 'vitest';
import { errorCard } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { executeActions, ofType, texts } from './card-query';

describe('errorCard', () => {
  it('shows title and message in attention style, the hint, and the reference small', () => {
    const card = errorCard({
      title: 'Unknown command',
      message: 'I did not understand "batch stat".',
      hint: 'batch status <name>',
      reference: 'f:1234-abcd',
    });
    expectValidCard(card);
    const box = ofType(card, 'Container')[0]!;
    expect(box.style).toBe('attention');
    expect(texts(card)).toEqual([
      'Unknown command',
      'I did not understand "batch stat".',
      'batch status \u2039name\u203A', // angle brackets shown as look-alikes (renderers drop tags)
      'ref: f:1234-abcd',
    ]);
    const reference = ofType(card, 'TextBlock').at(-1)!;
    expect(reference).toMatchObject({ size: 'small', isSubtle: true });
    expect(ofType(card, 'TextBlock')[0]).toMatchObject({ color: 'attention', weight: 'bolder' });
    expect(executeActions(card)).toEqual([]);
  });

  it('leaves out hint and reference when absent', () => {
    const card = errorCard({ title: 'Something went wrong', message: 'Try again in a minute.' });
    expectValidCard(card);
    expect(texts(card)).toEqual(['Something went wrong', 'Try again in a minute.']);
  });

  it('keeps very long messages under the size limit', () => {
    const card = errorCard({
      title: 'T'.repeat(1_000),
      message: 'M'.repeat(100_000),
      hint: 'H'.repeat(100_000),
    });
    expectValidCard(card);
    expect(texts(card)[1]!.length).toBe(4_000);
  });
});
