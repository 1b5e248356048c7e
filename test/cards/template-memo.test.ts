// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import { batchStatusCard } from '../../cards/batch-status';
import { compileTemplate, EXPANDED_CARDS_KEPT } from '../../cards/template';
import { makeBatchStatusView } from './fixtures';

const templateJson = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Title: ${title}' },
    { $data: '${rows}', type: 'TextBlock', text: '${text}' },
  ],
};

type View = { title: string; rows: { text: string }[] };
const compile = () => ({ render: compileTemplate<View>(templateJson) });

describe('compileTemplate keeps the cards of recent views', () => {
  it('gives the same card for the same view, and a card of its own for any other view', () => {
    const { render } = compile();
    const a = render({ title: 'A', rows: [{ text: 'one' }] });
    const again = render({ title: 'A', rows: [{ text: 'one' }] });
    const b = render({ title: 'A', rows: [{ text: 'two' }] });
    expect(again).toBe(a);
    expect(b).not.toBe(a);
    expect(a.body).toEqual([
      { type: 'TextBlock', text: 'Title: A' },
      { type: 'TextBlock', text: 'one' },
    ]);
    expect(b.body).toEqual([
      { type: 'TextBlock', text: 'Title: A' },
      { type: 'TextBlock', text: 'two' },
    ]);
  });

  it('gives frozen cards, so that no caller can change what another one gets', () => {
    const { render } = compile();
    const card = render({ title: 'frozen', rows: [{ text: 'x' }] });
    expect(Object.isFrozen(card)).toBe(true);
    expect(Object.isFrozen(card.body)).toBe(true);
    expect(Object.isFrozen(card.body?.[0])).toBe(true);
    expect(() => {
      (card.body as unknown[]).push({ type: 'TextBlock', text: 'more' });
    }).toThrow(TypeError);
    expect(render({ title: 'frozen', rows: [{ text: 'x' }] }).body).toHaveLength(2);
  });

  it('expands correctly past the number of cards it keeps, and for views it dropped', () => {
    const { render } = compile();
    const views = Array.from({ length: EXPANDED_CARDS_KEPT * 2 + 3 }, (_, i) => ({
      title: `T${i}`,
      rows: [{ text: `row ${i}` }],
    }));
    for (const pass of [1, 2]) {
      for (const [i, view] of views.entries()) {
        expect(render(view).body, `pass ${pass}, view ${i}`).toEqual([
          { type: 'TextBlock', text: `Title: T${i}` },
          { type: 'TextBlock', text: `row ${i}` },
        ]);
      }
    }
  });

  it('does not evaluate expressions in a view whose card it kept', () => {
    const { render } = compile();
    const view = { title: '${rows}', rows: [{ text: '${$root.title}' }] };
    const first = render(view);
    expect(render(view)).toBe(first);
    expect(first.body).toEqual([
      { type: 'TextBlock', text: 'Title: ${rows}' },
      { type: 'TextBlock', text: '${$root.title}' },
    ]);
  });

  it('makes the batch card once for a batch that did not change, and anew when it did', () => {
    const view = makeBatchStatusView({ name: 'Memo wave' });
    const first = batchStatusCard(view);
    expect(batchStatusCard(makeBatchStatusView({ name: 'Memo wave' }))).toBe(first);
    const changed = batchStatusCard(makeBatchStatusView({ name: 'Memo wave', version: view.version + 1 }));
    expect(changed).not.toBe(first);
    expect(JSON.stringify(changed)).not.toEqual(JSON.stringify(first));
  });

  it('expands a view too large to keep every time, with the same result', () => {
    const { render } = compile();
    const big = {
      title: 'big',
      rows: Array.from({ length: 5000 }, (_, i) => ({ text: `line ${i} ${'x'.repeat(10)}` })),
    };
    const first = render(big);
    const second = render(big);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(first.body).toHaveLength(5001);
  });
});
