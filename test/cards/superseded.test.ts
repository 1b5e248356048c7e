// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a template expression in a name must show as typed
import { describe, expect, it } from 'vitest';
import { SUPERSEDED_TITLE, supersededCard } from '../../cards/superseded';
import { expectValidCard } from '../support/card-schema';
import { texts } from './card-query';

describe('supersededCard', () => {
  it('says the card is superseded, points to the latest one and offers to show the current state', () => {
    const card = supersededCard({ batchId: 'northwind~wave1', batchName: 'Wave1', version: 7 });
    expectValidCard(card);
    expect(texts(card)).toEqual([
      `${SUPERSEDED_TITLE}: Wave1`,
      'See the latest card for Wave1 in this chat; this one is no longer updated.',
    ]);
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Show the current state here',
        verb: 'batch.refresh',
        data: { batchId: 'northwind~wave1', version: 7 },
      },
    ]);
  });

  it('keeps a long name short and does not evaluate it', () => {
    const card = supersededCard({ batchId: 'x~y', batchName: `\${1+1}${'n'.repeat(500)}`, version: 1 });
    expectValidCard(card);
    expect(texts(card)[0]!.startsWith('Superseded: ${1+1}')).toBe(true);
    expect(texts(card)[0]!.length).toBeLessThanOrEqual('Superseded: '.length + 200);
  });
});
