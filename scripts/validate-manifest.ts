/**
 * Offline checks of the Teams app package: the manifest against the vendored 1.24 JSON schema
 * (draft-04, Ajv) plus the Teams limits the schema does not encode, and the icons from their PNG bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { PNG } from 'pngjs';

/** The vendored Teams manifest 1.24 schema (`schemas/README.md` says where it came from). */
export const MANIFEST_SCHEMA_PATH = path.resolve(__dirname, '../schemas/teams-manifest-1.24.schema.json');

/** Teams limits for bot command menus, stricter than the schema's. */
export const COMMAND_LIMITS = { perList: 10, title: 32, description: 128 } as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

function schemaValidator() {
  if (!compiled) {
    if (!existsSync(MANIFEST_SCHEMA_PATH)) {
      throw new Error(
        `Teams manifest schema not found at ${MANIFEST_SCHEMA_PATH} (vendored in the repository's schemas/)`,
      );
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    compiled = ajv.compile(JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

/** Problems with a manifest, one line each; empty when it is valid. */
export function validateManifest(manifest: unknown): string[] {
  const validate = schemaValidator();
  const problems = validate(manifest)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return [...problems, ...commandListProblems(manifest)];
}

interface CommandShape {
  title?: unknown;
  description?: unknown;
}

function commandListProblems(manifest: unknown): string[] {
  const bots = (manifest as { bots?: unknown } | null)?.bots;
  if (!Array.isArray(bots)) return [];
  const problems: string[] = [];
  bots.forEach((bot: { commandLists?: unknown }, b) => {
    if (!Array.isArray(bot?.commandLists)) return;
    bot.commandLists.forEach((list: { commands?: unknown }, l) => {
      if (!Array.isArray(list?.commands)) return;
      const at = `/bots/${b}/commandLists/${l}`;
      if (list.commands.length > COMMAND_LIMITS.perList) {
        problems.push(
          `${at}/commands has ${list.commands.length} commands; Teams shows at most ${COMMAND_LIMITS.perList}`,
        );
      }
      list.commands.forEach((command: CommandShape, c) => {
        if (typeof command?.title === 'string' && command.title.length > COMMAND_LIMITS.title) {
          problems.push(`${at}/commands/${c}/title must be at most ${COMMAND_LIMITS.title} characters`);
        }
        if (
          typeof command?.description === 'string' &&
          command.description.length > COMMAND_LIMITS.description
        ) {
          problems.push(
            `${at}/commands/${c}/description must be at most ${COMMAND_LIMITS.description} characters`,
          );
        }
      });
    });
  });
  return problems;
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the IHDR chunk (the first chunk of every PNG); undefined when `buffer` is not a PNG. */
export function readPngHeader(buffer: Buffer): PngHeader | undefined {
  if (buffer.length < 33 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return {
    width: buffer.readUInt32BE(16),
    height: buffer.readUInt32BE(20),
    bitDepth: buffer.readUInt8(24),
    colorType: buffer.readUInt8(25),
  };
}

export interface IconRules {
  width: number;
  height: number;
  /**
   * true: an outline icon (alpha channel, some fully transparent pixels, every visible pixel white).
   * false: a color icon (every pixel fully opaque).
   */
  transparent: boolean;
}

/** PNG colour types 4 (grey + alpha) and 6 (RGB + alpha) carry an alpha channel. */
const ALPHA_COLOR_TYPES = new Set([4, 6]);

/** Problems with an icon, one line each; empty when it follows `rules`. */
export function checkIcon(buffer: Buffer, rules: IconRules): string[] {
  const header = readPngHeader(buffer);
  if (!header) return ['is not a PNG file'];
  const problems: string[] = [];
  if (header.width !== rules.width || header.height !== rules.height) {
    problems.push(`is ${header.width}x${header.height}; it must be ${rules.width}x${rules.height}`);
  }
  if (rules.transparent && !ALPHA_COLOR_TYPES.has(header.colorType)) {
    problems.push('has no alpha channel; the outline icon needs a transparent background');
    return problems;
  }
  let pixels: Buffer;
  try {
    pixels = PNG.sync.read(buffer).data; // always decoded to 8-bit RGBA
  } catch (error) {
    return [...problems, `cannot be decoded: ${(error as Error).message}`];
  }
  let transparentPixels = 0;
  let nonWhitePixels = 0;
  let translucentPixels = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = pixels[i + 3]!;
    if (alpha === 0) transparentPixels++;
    if (alpha < 255) translucentPixels++;
    if (alpha > 0 && (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255)) nonWhitePixels++;
  }
  if (rules.transparent) {
    if (transparentPixels === 0)
      problems.push('has no transparent pixels; the background must be transparent');
    if (nonWhitePixels > 0) problems.push(`has ${nonWhitePixels} visible pixels that are not white`);
  } else if (translucentPixels > 0) {
    problems.push(`has ${translucentPixels} pixels that are not fully opaque`);
  }
  return problems;
}
