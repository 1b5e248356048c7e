import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppPackageInvalid, appIdFromEnv, main, packageApp } from '../../scripts/package-app';

const REPO = path.resolve(__dirname, '../..');
const SOURCE_MANIFEST = JSON.parse(readFileSync(path.join(REPO, 'appPackage/manifest.json'), 'utf8'));
const PACKAGE_VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
const APP_ID = '0b5d7e3a-6c41-4f2e-9a8d-1e2f3c4d5e6f';

let outDir: string;

beforeEach(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'cutover-package-'));
});

afterEach(() => {
  rmSync(outDir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function readZip(zipPath: string) {
  const zip = new AdmZip(zipPath);
  const names = zip.getEntries().map((e) => e.entryName);
  const manifest = JSON.parse(zip.readAsText('manifest.json'));
  return { zip, names, manifest };
}

describe('npm run package', () => {
  it('builds a zip with exactly the manifest and the two icons, with the app id from MicrosoftAppId', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(main({ env: { MicrosoftAppId: APP_ID }, outDir })).toBe(0);
    const zipPath = path.join(outDir, 'cutover.zip');
    expect(log).toHaveBeenCalledWith(zipPath);
    expect(warn).not.toHaveBeenCalled();

    const { zip, names, manifest } = readZip(zipPath);
    expect(names.sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(manifest.version).toBe(PACKAGE_VERSION);
    expect(manifest.bots[0].commandLists).toEqual(SOURCE_MANIFEST.bots[0].commandLists);
    expect(zip.readFile('color.png')).toEqual(readFileSync(path.join(REPO, 'appPackage/color.png')));
    expect(zip.readFile('outline.png')).toEqual(readFileSync(path.join(REPO, 'appPackage/outline.png')));
  });

  it('keeps the placeholder ids when MicrosoftAppId is not set, and takes an explicit version', () => {
    const { manifest } = readZip(packageApp({ env: {}, outDir, version: '2.3.4' }));
    expect(manifest.id).toBe(SOURCE_MANIFEST.id);
    expect(manifest.bots[0].botId).toBe(SOURCE_MANIFEST.id);
    expect(manifest.version).toBe('2.3.4');
  });

  it('warns on stderr, naming the placeholder id and the fix, when it builds without MicrosoftAppId', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(main({ env: { MicrosoftAppId: ' ' }, outDir })).toBe(0);
    // stdout carries the zip's path only; the warning goes to stderr (console.warn).
    expect(log.mock.calls).toEqual([[path.join(outDir, 'cutover.zip')]]);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toMatch(/^Warning: MicrosoftAppId is not set/);
    expect(message).toContain(`placeholder app id ${SOURCE_MANIFEST.id}`);
    expect(message).toContain("MicrosoftAppId=<your bot's Entra app id> npm run package");
    expect(readZip(path.join(outDir, 'cutover.zip')).manifest.id).toBe(SOURCE_MANIFEST.id);
  });

  it('exits 1 without writing a zip when MicrosoftAppId is not a GUID, and does not echo the value', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(main({ env: { MicrosoftAppId: 'p@ssw0rd-by-mistake' }, outDir })).toBe(1);
    expect(existsSync(path.join(outDir, 'cutover.zip'))).toBe(false);
    const message = String(error.mock.calls[0]?.[0]);
    expect(message).toMatch(/MicrosoftAppId must be a GUID/);
    expect(message).not.toContain('p@ssw0rd');
  });

  it('exits 1 and lists every problem when the manifest or an icon is invalid', () => {
    const sourceDir = mkdtempSync(path.join(os.tmpdir(), 'cutover-source-'));
    try {
      cpSync(path.join(REPO, 'appPackage/color.png'), path.join(sourceDir, 'color.png'));
      cpSync(path.join(REPO, 'appPackage/color.png'), path.join(sourceDir, 'outline.png'));
      writeFileSync(
        path.join(sourceDir, 'manifest.json'),
        JSON.stringify({ ...SOURCE_MANIFEST, accentColor: 'teal' }),
      );
      let thrown: unknown;
      try {
        packageApp({ env: {}, outDir, sourceDir });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppPackageInvalid);
      expect((thrown as AppPackageInvalid).problems).toEqual([
        'manifest.json /accentColor must match pattern "^#[0-9a-fA-F]{6}$"',
        'outline.png (outline icon) is 192x192; it must be 32x32',
        'outline.png (outline icon) has no transparent pixels; the background must be transparent',
        expect.stringMatching(/^outline\.png \(outline icon\) has \d+ visible pixels that are not white$/),
      ]);
      expect(existsSync(path.join(outDir, 'cutover.zip'))).toBe(false);

      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(main({ env: {}, outDir, sourceDir })).toBe(1);
      expect(String(error.mock.calls[0]?.[0])).toMatch(
        /^The Teams app package is invalid:\n {2}- manifest\.json/,
      );
    } finally {
      rmSync(sourceDir, { recursive: true, force: true });
    }
  });
});

describe('appIdFromEnv', () => {
  it('returns undefined when unset or blank and a lower-case GUID otherwise', () => {
    expect(appIdFromEnv({})).toBeUndefined();
    expect(appIdFromEnv({ MicrosoftAppId: '  ' })).toBeUndefined();
    expect(appIdFromEnv({ MicrosoftAppId: APP_ID.toUpperCase() })).toBe(APP_ID);
    expect(() => appIdFromEnv({ MicrosoftAppId: `${APP_ID}0` })).toThrow(AppPackageInvalid);
  });
});
