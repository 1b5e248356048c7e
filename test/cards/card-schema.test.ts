import { describe, expect, it } from 'vitest';
import { CARD_SIZE_LIMIT, expectValidCard, validateCard } from '../support/card-schema';

const card = (body: unknown[], actions: unknown[] = []) => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  actions,
});

describe('validateCard', () => {
  it('accepts a small valid card', () => {
    const valid = card(
      [{ type: 'TextBlock', text: 'Hello', wrap: true }],
      [{ type: 'Action.Execute', title: 'Go', verb: 'batch.refresh', data: { batchId: 'b', version: 1 } }],
    );
    expect(validateCard(valid)).toEqual({ valid: true, errors: [] });
    expect(() => expectValidCard(valid)).not.toThrow();
  });

  it('rejects a TextBlock without text and names the missing property', () => {
    const result = validateCard(card([{ type: 'TextBlock', wrap: true }]));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([`/body/0: must have required property 'text' {"missingProperty":"text"}`]);
  });

  it('rejects an unknown element type', () => {
    const result = validateCard(card([{ type: 'Container', items: [{ type: 'Badge', text: 'New' }] }]));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(['/body/0/items/0/type: "Badge" is not an Adaptive Card 1.5 type']);
  });

  it('rejects a known type in the wrong place', () => {
    const result = validateCard(card([{ type: 'Column', items: [] }]));
    expect(result.errors).toEqual(['/body/0/type: "Column" is not allowed here']);
  });

  it('rejects an Action.Execute whose verb is a number, also under Action.ShowCard', () => {
    const bad = { type: 'Action.Execute', title: 'Go', verb: 7 };
    expect(validateCard(card([], [bad])).errors).toEqual([
      '/actions/0/verb: must be string {"type":"string"}',
    ]);
    const nested = {
      type: 'Action.ShowCard',
      title: 'More',
      card: { type: 'AdaptiveCard', body: [], actions: [bad] },
    };
    expect(validateCard(card([], [nested])).errors).toEqual([
      '/actions/0/card/actions/0/verb: must be string {"type":"string"}',
    ]);
  });

  it('rejects unknown properties and bad enum values', () => {
    expect(validateCard({ ...card([]), refreshMe: true }).valid).toBe(false);
    const colour = validateCard(card([{ type: 'TextBlock', text: 'x', color: 'red' }]));
    expect(colour.valid).toBe(false);
    expect(colour.errors.every((e) => e.startsWith('/body/0/color:'))).toBe(true);
  });

  it('rejects a card whose top-level type is wrong', () => {
    expect(validateCard({ type: 'HeroCard', version: '1.5' }).valid).toBe(false);
  });
});

describe('expectValidCard', () => {
  it('throws with the readable errors', () => {
    expect(() => expectValidCard(card([{ type: 'TextBlock' }]))).toThrow(/required property 'text'/);
  });

  it('throws when a valid card is over the size limit', () => {
    const big = card([{ type: 'TextBlock', text: 'x'.repeat(CARD_SIZE_LIMIT) }]);
    expect(validateCard(big).valid).toBe(true);
    expect(() => expectValidCard(big)).toThrow(/must stay under 40000/);
  });
});
