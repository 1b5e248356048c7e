import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envArgument } from '../../scripts/app-env';
import { AppPackageInvalid, packageApp } from '../../scripts/package-app';
import { validateManifest } from '../../scripts/validate-manifest';

const REPO = path.resolve(__dirname, '../..');
const SOURCE = JSON.parse(readFileSync(path.join(REPO, 'appPackage/manifest.json'), 'utf8'));
const BOT_ID = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const APP_ID = '0b5d7e3a-6c41-4f2e-9a8d-1e2f3c4d5e6f';

let sourceDir: string;
let outDir: string;

/** A copy of appPackage (manifest, icons, the example environment) with the given environments added. */
function withEnvironments(envs: Record<string, unknown>) {
  for (const [name, content] of Object.entries(envs))
    writeFileSync(path.join(sourceDir, 'env', `${name}.json`), JSON.stringify(content));
}

function problemsOf(appEnv: string): string[] {
  try {
    packageApp({ sourceDir, outDir, appEnv, version: '1.2.3' });
  } catch (error) {
    if (error instanceof AppPackageInvalid) return error.problems;
    throw error;
  }
  return [];
}

beforeEach(() => {
  sourceDir = mkdtempSync(path.join(os.tmpdir(), 'cutover-appsrc-'));
  outDir = mkdtempSync(path.join(os.tmpdir(), 'cutover-appout-'));
  for (const file of ['manifest.json', 'color.png', 'outline.png'])
    cpSync(path.join(REPO, 'appPackage', file), path.join(sourceDir, file));
  mkdirSync(path.join(sourceDir, 'env'));
  cpSync(path.join(REPO, 'appPackage/env/example.json'), path.join(sourceDir, 'env/example.json'));
});
afterEach(() => {
  rmSync(sourceDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run package -- --env <name>', () => {
  it('fills the manifest from appPackage/env/<name>.json and writes cutover-<name>.zip, valid against the schema', () => {
    withEnvironments({
      test: {
        botId: BOT_ID.toUpperCase(),
        validDomains: ['cutover-test.azurewebsites.net'],
        nameSuffix: 'test',
      },
    });
    const zipPath = packageApp({ sourceDir, outDir, appEnv: 'test', version: '1.2.3' });
    expect(path.basename(zipPath)).toBe('cutover-test.zip');
    const manifest = JSON.parse(new AdmZip(zipPath).readAsText('manifest.json'));
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots.map((b: { botId: string }) => b.botId)).toEqual([BOT_ID]);
    expect(manifest.webApplicationInfo.id).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['cutover-test.azurewebsites.net']);
    expect(manifest.name).toEqual({ short: 'Cutover (test)', full: `${SOURCE.name.full} (test)` });
    expect(manifest.version).toBe('1.2.3');
    expect(validateManifest(manifest)).toEqual([]);
    // Everything else is the manifest as written.
    expect(manifest.bots[0].commandLists).toEqual(SOURCE.bots[0].commandLists);
    expect(manifest.description).toEqual(SOURCE.description);
  });

  it('production: no suffix, and a Teams app id of its own when given', () => {
    withEnvironments({ prod: { botId: BOT_ID, appId: APP_ID, validDomains: ['cutover.azurewebsites.net'] } });
    const manifest = JSON.parse(
      new AdmZip(packageApp({ sourceDir, outDir, appEnv: 'prod', version: '1.2.3' })).readAsText(
        'manifest.json',
      ),
    );
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.name).toEqual(SOURCE.name);
  });

  it('the example environment in the repository builds', () => {
    expect(problemsOf('example')).toEqual([]);
  });

  it('a bad environment file names its field; an unknown environment lists the known ones; nothing is written', () => {
    withEnvironments({
      broken: { botId: 'not-a-guid', validDomains: ['https://cutover.azurewebsites.net/'], colour: 'blue' },
    });
    expect(problemsOf('broken')).toEqual([
      'appPackage/env/broken.json botId: botId must be a GUID such as 3f8c2a6e-9b1d-4e7a-8c5f-2d6b0a9e4c17',
      'appPackage/env/broken.json validDomains.0: a host name such as cutover-test.azurewebsites.net',
      "appPackage/env/broken.json (root): Unrecognized key(s) in object: 'colour'",
    ]);
    expect(problemsOf('staging')).toEqual([
      'there is no environment "staging": create appPackage/env/staging.json (see appPackage/env/example.json); known: broken, example',
    ]);
    expect(problemsOf('../manifest')).toEqual([
      '--env "../manifest" is not an environment name (lower-case letters, digits, dashes)',
    ]);
    writeFileSync(path.join(sourceDir, 'env/garbled.json'), '{ "botId": ');
    expect(problemsOf('garbled')[0]).toMatch(/^appPackage\/env\/garbled\.json is not JSON/);
    expect(() => readFileSync(path.join(outDir, 'cutover-broken.zip'))).toThrow();
  });

  it('reads --env from the command line in either form; without it the default package is built as before', () => {
    expect(envArgument(['--env', 'test'])).toBe('test');
    expect(envArgument(['--env=prod'])).toBe('prod');
    expect(envArgument([])).toBeUndefined();
    const zipPath = packageApp({ sourceDir, outDir, env: {}, version: '1.2.3' });
    expect(path.basename(zipPath)).toBe('cutover.zip');
    const manifest = JSON.parse(new AdmZip(zipPath).readAsText('manifest.json'));
    expect(manifest.id).toBe(SOURCE.id);
    expect(manifest.name).toEqual(SOURCE.name);
  });
});
