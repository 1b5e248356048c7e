/**
 * `npm run package`: builds the Teams app package appPackage/build/cutover.zip.
 *
 * Takes appPackage/manifest.json, sets `version` from package.json and, when the environment has
 * `MicrosoftAppId`, sets the app id, the bot id and webApplicationInfo.id to it (without it, the
 * manifest's placeholder ids stay and a warning goes to stderr). The result and the
 * icons are checked offline (scripts/validate-manifest.ts) before anything is written.
 *
 * `npm run package -- --env <name>` builds appPackage/build/cutover-<name>.zip for one environment
 * instead, from appPackage/env/<name>.json (its bot and app ids, valid domains and name suffix,
 * scripts/app-env.ts); MicrosoftAppId is not read then.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { applyAppEnv, envArgument, readAppEnv } from './app-env';
import { checkIcon, type IconRules, validateManifest } from './validate-manifest';

const REPO_ROOT = path.resolve(__dirname, '..');
export const APP_PACKAGE_DIR = path.join(REPO_ROOT, 'appPackage');
export const DEFAULT_OUT_DIR = path.join(APP_PACKAGE_DIR, 'build');
export const PACKAGE_FILE_NAME = 'cutover.zip';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const ICON_RULES: Record<'color' | 'outline', IconRules> = {
  color: { width: 192, height: 192, transparent: false },
  outline: { width: 32, height: 32, transparent: true },
};

/** The package cannot be built; `problems` lists why, one line each. */
export class AppPackageInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageInvalid';
  }
}

export interface Manifest {
  id: string;
  version: string;
  icons: { color: string; outline: string };
  bots?: Array<{ botId: string }>;
  webApplicationInfo?: { id: string };
  [key: string]: unknown;
}

export interface ManifestOverrides {
  version: string;
  /** The bot's Microsoft Entra app id; leaves the manifest's placeholder ids alone when absent. */
  appId?: string;
}

/** The manifest with `version` and, when given, the app id put in its three places. */
export function applyOverrides(manifest: Manifest, overrides: ManifestOverrides): Manifest {
  const { appId, version } = overrides;
  if (appId === undefined) return { ...manifest, version };
  return {
    ...manifest,
    version,
    id: appId,
    bots: manifest.bots?.map((bot) => ({ ...bot, botId: appId })),
    webApplicationInfo: manifest.webApplicationInfo && { ...manifest.webApplicationInfo, id: appId },
  };
}

/** `MicrosoftAppId` from the environment: undefined when unset or empty, an error when not a GUID. */
export function appIdFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.MicrosoftAppId?.trim();
  if (!value) return undefined;
  if (!GUID.test(value)) {
    throw new AppPackageInvalid([
      `MicrosoftAppId must be a GUID such as 3f8c2a6e-9b1d-4e7a-8c5f-2d6b0a9e4c17 (the bot's Entra app id); the value set has ${value.length} characters and is not one`,
    ]);
  }
  return value.toLowerCase();
}

export interface PackageAppOptions {
  env?: NodeJS.ProcessEnv;
  /** Where cutover.zip goes; default appPackage/build. */
  outDir?: string;
  /** Where manifest.json and the icons are read from; default appPackage. */
  sourceDir?: string;
  /** The app version; default the version in package.json. */
  version?: string;
  /** An environment in appPackage/env (`--env <name>`): its ids, domains and name go into the manifest. */
  appEnv?: string;
}

/** Builds the package and returns the zip's path; throws AppPackageInvalid and writes nothing when invalid. */
export function packageApp(options: PackageAppOptions = {}): string {
  const sourceDir = options.sourceDir ?? APP_PACKAGE_DIR;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const version = options.version ?? packageVersion();
  const source = JSON.parse(readFileSync(path.join(sourceDir, 'manifest.json'), 'utf8')) as Manifest;
  const manifest =
    options.appEnv === undefined
      ? applyOverrides(source, { version, appId: appIdFromEnv(options.env ?? process.env) })
      : forEnvironment(source, version, sourceDir, options.appEnv);

  const problems = validateManifest(manifest).map((p) => `manifest.json ${p}`);
  const icons = (['color', 'outline'] as const).map((kind) => {
    const name = manifest.icons?.[kind];
    if (typeof name !== 'string' || name.includes('/') || name.includes('\\')) {
      problems.push(`manifest.json /icons/${kind} must name a file at the package root`);
      return undefined;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(sourceDir, name));
    } catch {
      problems.push(`${name} (${kind} icon) is missing from ${sourceDir}`);
      return undefined;
    }
    problems.push(...checkIcon(bytes, ICON_RULES[kind]).map((p) => `${name} (${kind} icon) ${p}`));
    return { name, bytes };
  });
  if (problems.length > 0) throw new AppPackageInvalid(problems);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const icon of icons) {
    if (icon) zip.addFile(icon.name, icon.bytes);
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(
    outDir,
    options.appEnv === undefined
      ? PACKAGE_FILE_NAME
      : PACKAGE_FILE_NAME.replace(/\.zip$/, `-${options.appEnv}.zip`),
  );
  zip.writeZip(zipPath);
  return zipPath;
}

function forEnvironment(source: Manifest, version: string, sourceDir: string, name: string): Manifest {
  const { env, problems } = readAppEnv(sourceDir, name);
  if (!env) throw new AppPackageInvalid(problems);
  return applyAppEnv({ ...source, version } as Manifest & { name: { short: string; full?: string } }, env);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new AppPackageInvalid(['package.json has no version']);
  return pkg.version;
}

/** The warning for a package built without MicrosoftAppId: it carries the manifest's placeholder id. */
export function placeholderWarning(placeholderId: string): string {
  return [
    `Warning: MicrosoftAppId is not set, so the package carries the placeholder app id ${placeholderId}`,
    'from appPackage/manifest.json. Teams cannot reach your bot with it: build the package you upload with',
    "MicrosoftAppId=<your bot's Entra app id> npm run package",
  ].join('\n');
}

/** CLI entry: prints the zip's path (and a warning on stderr for placeholder ids), or the problems and exit code 1. */
export function main(options: PackageAppOptions = {}): number {
  try {
    const zipPath = packageApp(options);
    console.log(zipPath);
    if (options.appEnv === undefined && appIdFromEnv(options.env ?? process.env) === undefined) {
      const sourceDir = options.sourceDir ?? APP_PACKAGE_DIR;
      const source = JSON.parse(readFileSync(path.join(sourceDir, 'manifest.json'), 'utf8')) as Manifest;
      console.warn(placeholderWarning(source.id));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof AppPackageInvalid)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (require.main === module) process.exitCode = main({ appEnv: envArgument(process.argv.slice(2)) });
