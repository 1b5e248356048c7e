import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { drawColorIcon, drawOutlineIcon, parseHexColor } from '../../scripts/make-icons';
import { checkIcon, readPngHeader } from '../../scripts/validate-manifest';

const APP_PACKAGE = path.resolve(__dirname, '../../appPackage');
const color = readFileSync(path.join(APP_PACKAGE, 'color.png'));
const outline = readFileSync(path.join(APP_PACKAGE, 'outline.png'));

/** Width, height and colour type straight from the IHDR chunk bytes. */
function ihdr(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25] };
}

function pixels(png: Buffer) {
  const { data } = PNG.sync.read(png);
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < data.length; i += 4) out.push([data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]);
  return out;
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]) {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

describe('app icons', () => {
  it('color.png is 192x192 and fully opaque, with the accent color and a white glyph', () => {
    expect(ihdr(color)).toMatchObject({ width: 192, height: 192 });
    const all = pixels(color);
    expect(all.every(([, , , a]) => a === 255)).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8'));
    const accent = parseHexColor(manifest.accentColor);
    expect(all[0]).toEqual([...accent, 255]);
    expect(all.some(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  it('outline.png is 32x32 with an alpha channel, transparent pixels and only white ones otherwise', () => {
    const header = ihdr(outline);
    expect(header).toMatchObject({ width: 32, height: 32 });
    expect([4, 6]).toContain(header.colorType);
    const all = pixels(outline);
    expect(all.filter(([, , , a]) => a === 0).length).toBeGreaterThan(32 * 32 * 0.3);
    expect(all.filter(([, , , a]) => a === 255).length).toBeGreaterThan(32 * 4);
    expect(all.filter(([r, g, b, a]) => a > 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
  });

  it('are what scripts/make-icons.ts draws', () => {
    const manifest = JSON.parse(readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8'));
    expect(PNG.sync.read(drawColorIcon(parseHexColor(manifest.accentColor))).data).toEqual(
      PNG.sync.read(color).data,
    );
    expect(PNG.sync.read(drawOutlineIcon()).data).toEqual(PNG.sync.read(outline).data);
  });
});

describe('checkIcon', () => {
  it('accepts the packaged icons', () => {
    expect(checkIcon(color, { width: 192, height: 192, transparent: false })).toEqual([]);
    expect(checkIcon(outline, { width: 32, height: 32, transparent: true })).toEqual([]);
  });

  it('reads the size from the IHDR chunk and rejects other sizes', () => {
    expect(readPngHeader(outline)).toEqual({ width: 32, height: 32, bitDepth: 8, colorType: 6 });
    expect(checkIcon(outline, { width: 192, height: 192, transparent: true })).toEqual([
      'is 32x32; it must be 192x192',
    ]);
  });

  it('rejects an outline icon without transparency or with colored pixels', () => {
    expect(
      checkIcon(solidPng(32, 32, [255, 255, 255, 255]), { width: 32, height: 32, transparent: true }),
    ).toEqual(['has no transparent pixels; the background must be transparent']);
    const colored = PNG.sync.read(outline);
    colored.data.set([255, 0, 0, 255], (16 * 32 + 16) * 4);
    colored.data.set([0, 0, 0, 0], 0);
    expect(checkIcon(PNG.sync.write(colored), { width: 32, height: 32, transparent: true })).toEqual([
      'has 1 visible pixels that are not white',
    ]);
    const rgbOnly = PNG.sync.write(PNG.sync.read(color), { colorType: 2 });
    expect(checkIcon(rgbOnly, { width: 192, height: 192, transparent: true })).toEqual([
      'has no alpha channel; the outline icon needs a transparent background',
    ]);
  });

  it('rejects a color icon with transparent pixels, and bytes that are not a PNG', () => {
    expect(
      checkIcon(solidPng(192, 192, [31, 92, 153, 128]), { width: 192, height: 192, transparent: false }),
    ).toEqual([`has ${192 * 192} pixels that are not fully opaque`]);
    expect(
      checkIcon(Buffer.from('GIF89a not a png at all, sorry'), { width: 32, height: 32, transparent: true }),
    ).toEqual(['is not a PNG file']);
  });
});
