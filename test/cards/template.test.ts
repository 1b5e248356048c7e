// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../cards';

describe('compileTemplate', () => {
  const render = compileTemplate<{ title: string; show: boolean; rows: { text: string }[] }>({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Title: ${title}' },
      { $when: '${show}', type: 'TextBlock', text: 'shown' },
      { $data: '${rows}', type: 'TextBlock', text: '${text} (${$root.title})' },
    ],
  });

  it('binds values, repeats $data and drops elements whose $when is false', () => {
    expect(render({ title: 'A', show: true, rows: [{ text: 'one' }, { text: 'two' }] })).toEqual({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Title: A' },
        { type: 'TextBlock', text: 'shown' },
        { type: 'TextBlock', text: 'one (A)' },
        { type: 'TextBlock', text: 'two (A)' },
      ],
    });
    expect(render({ title: 'B', show: false, rows: [] }).body).toEqual([
      { type: 'TextBlock', text: 'Title: B' },
    ]);
  });

  it('reuses one compiled template for many independent expansions', () => {
    const first = render({ title: 'first', show: false, rows: [{ text: 'x' }] });
    const second = render({ title: 'second', show: false, rows: [{ text: 'y' }] });
    expect(first.body?.[1]).toEqual({ type: 'TextBlock', text: 'x (first)' });
    expect(second.body?.[1]).toEqual({ type: 'TextBlock', text: 'y (second)' });
  });

  it('does not evaluate expressions found in the data', () => {
    const card = render({ title: '${show}', show: false, rows: [{ text: '${$root.title}' }] });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Title: ${show}' },
      { type: 'TextBlock', text: '${$root.title} (${show})' },
    ]);
  });
});

describe('display-safe text', () => {
  it('replaces angle brackets that renderers would drop as tags, but not in patterns', async () => {
    const { displaySafe } = await import('../../cards/template');
    expect(displaySafe({ syntax: 'batch start <name>', namePattern: '^<a>$', list: ['<x>'] })).toEqual({
      syntax: 'batch start \u2039name\u203A',
      namePattern: '^<a>$',
      list: ['\u2039x\u203A'],
    });
  });
});
