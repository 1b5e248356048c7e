/**
 * Draws the Teams app icons into appPackage/: `npx tsx scripts/make-icons.ts`.
 * - color.png: 192x192, opaque, the manifest's accentColor behind a white glyph.
 * - outline.png: 32x32, transparent background, white glyph only.
 * The glyph is an arrow moving from a source mailbox (outlined box) to a target mailbox (filled box).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const SUPERSAMPLE = 4;

/** True where the glyph covers the point (x, y), both in [0, 1]. */
export function glyphCovers(x: number, y: number): boolean {
  const inRect = (x0: number, y0: number, x1: number, y1: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  const stroke = 0.07;
  const sourceBox =
    inRect(0.02, 0.24, 0.32, 0.76) && !inRect(0.02 + stroke, 0.24 + stroke, 0.32 - stroke, 0.76 - stroke);
  const targetBox = inRect(0.68, 0.24, 0.98, 0.76);
  const shaft = inRect(0.38, 0.455, 0.52, 0.545);
  const headDepth = (x - 0.5) / 0.13; // 0 at the head's base, 1 at its tip
  const head = headDepth >= 0 && headDepth <= 1 && Math.abs(y - 0.5) <= 0.13 * (1 - headDepth);
  return sourceBox || targetBox || shaft || head;
}

/** Share of the pixel (px, py) that the glyph covers, with the glyph inset by `padding` pixels. */
function coverage(px: number, py: number, size: number, padding: number): number {
  const inner = size - 2 * padding;
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE - padding) / inner;
      const y = (py + (sy + 0.5) / SUPERSAMPLE - padding) / inner;
      if (glyphCovers(x, y)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function draw(
  size: number,
  padding: number,
  paint: (png: PNG, offset: number, share: number) => void,
): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      paint(png, (py * size + px) * 4, coverage(px, py, size, padding));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export function drawColorIcon(accent: Rgb): Buffer {
  return draw(192, 36, (png, offset, share) => {
    for (let c = 0; c < 3; c++) {
      png.data[offset + c] = Math.round(accent[c]! * (1 - share) + WHITE[c]! * share);
    }
    png.data[offset + 3] = 255;
  });
}

export function drawOutlineIcon(): Buffer {
  return draw(32, 2, (png, offset, share) => {
    png.data.set(WHITE, offset);
    png.data[offset + 3] = Math.round(255 * share);
  });
}

export function parseHexColor(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`accentColor must look like #1F5C99; got "${hex}"`);
  return [Number.parseInt(match[1]!, 16), Number.parseInt(match[2]!, 16), Number.parseInt(match[3]!, 16)];
}

function main() {
  const dir = path.resolve(__dirname, '../appPackage');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    accentColor: string;
  };
  writeFileSync(path.join(dir, 'color.png'), drawColorIcon(parseHexColor(manifest.accentColor)));
  writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
  console.log(`Wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}`);
}

if (require.main === module) main();
