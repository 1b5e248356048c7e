import { describe, expect, it } from 'vitest';
import { displaySafeText, firstUnsafeChar } from '../../../services/text/display-safe';

const UNSAFE = [
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u061C',
  '\u200E',
  '\u200F',
  '\u2028',
  '\u2029',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

describe('displaySafeText', () => {
  it('writes control characters, NUL and direction overrides as visible escapes', () => {
    for (const char of UNSAFE) {
      const code = char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      expect(displaySafeText(`a${char}b`)).toBe(`a\\u${code}b`);
    }
    expect(displaySafeText('Wave\u202E1gnp.exe')).toBe('Wave\\u202E1gnp.exe');
  });

  it('keeps line breaks, tabs and ordinary text of any script as they are', () => {
    const text = 'Ana López\tÅsa\n张伟 — שלום 👋';
    expect(displaySafeText(text)).toBe(text);
    expect(displaySafeText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('changes nothing more when applied twice', () => {
    const once = displaySafeText('x\u202E\u0000y\r\n');
    expect(displaySafeText(once)).toBe(once);
  });

  it('names the first character it would escape', () => {
    expect(firstUnsafeChar('batch status W\u2066ave')).toBe('\\u2066');
    expect(firstUnsafeChar('batch status Wave\r')).toBeUndefined();
    expect(firstUnsafeChar('batch status Wave\t1')).toBeUndefined();
  });
});
