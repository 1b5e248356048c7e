/**
 * Per-environment settings of the Teams app package (`npm run package -- --env <name>`): one JSON file per
 * environment in appPackage/env/<name>.json, read and checked here, then applied to the manifest.
 *
 * ```json
 * {
 *   "botId": "<the bot's Entra app id (the botAppId output of the deployment)>",
 *   "appId": "<the Teams app id; default the bot id>",
 *   "validDomains": ["cutover-test.azurewebsites.net"],
 *   "nameSuffix": "test"
 * }
 * ```
 * `nameSuffix` is for every environment but production: the app shows as "Cutover (test)".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const guid = (what: string) =>
  z
    .string()
    .regex(GUID, `${what} must be a GUID such as 3f8c2a6e-9b1d-4e7a-8c5f-2d6b0a9e4c17`)
    .transform((v) => v.toLowerCase());

export const ENV_NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;

const appEnvSchema = z
  .object({
    botId: guid('botId'),
    appId: guid('appId').optional(),
    /** Host names only (no scheme or path), as the manifest wants them. */
    validDomains: z
      .array(
        z
          .string()
          .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a host name such as cutover-test.azurewebsites.net'),
      )
      .max(16)
      .default([]),
    /** Shown after the name in brackets; leave it out for production. */
    nameSuffix: z
      .string()
      .regex(/^[A-Za-z0-9 -]{1,12}$/, 'up to 12 letters, digits, spaces or dashes')
      .optional(),
  })
  .strict();

export type AppEnv = z.infer<typeof appEnvSchema>;

export interface ManifestNames {
  id: string;
  name: { short: string; full?: string };
  bots?: Array<{ botId: string }>;
  webApplicationInfo?: { id: string };
  validDomains?: string[];
}

/** Reads appPackage/env/<name>.json (under `sourceDir`); every problem is one line naming the file and field. */
export function readAppEnv(sourceDir: string, name: string): { env?: AppEnv; problems: string[] } {
  if (!ENV_NAME.test(name)) {
    return {
      problems: [
        `--env ${JSON.stringify(name)} is not an environment name (lower-case letters, digits, dashes)`,
      ],
    };
  }
  const dir = path.join(sourceDir, 'env');
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    const known = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -5))
      : [];
    return {
      problems: [
        `there is no environment "${name}": create appPackage/env/${name}.json (see appPackage/env/example.json)${known.length ? `; known: ${known.join(', ')}` : ''}`,
      ],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`appPackage/env/${name}.json is not JSON: ${(error as Error).message}`] };
  }
  const parsed = appEnvSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map(
        (i) => `appPackage/env/${name}.json ${i.path.join('.') || '(root)'}: ${i.message}`,
      ),
    };
  }
  return { env: parsed.data, problems: [] };
}

/** The manifest for the environment: its ids, valid domains and, outside production, the name suffix. */
export function applyAppEnv<M extends ManifestNames>(manifest: M, env: AppEnv): M {
  const suffix = env.nameSuffix ? ` (${env.nameSuffix})` : '';
  return {
    ...manifest,
    id: env.appId ?? env.botId,
    name: {
      ...manifest.name,
      short: `${manifest.name.short}${suffix}`,
      ...(manifest.name.full ? { full: `${manifest.name.full}${suffix}` } : {}),
    },
    bots: manifest.bots?.map((bot) => ({ ...bot, botId: env.botId })),
    webApplicationInfo: manifest.webApplicationInfo && { ...manifest.webApplicationInfo, id: env.botId },
    validDomains: [...new Set([...(manifest.validDomains ?? []), ...env.validDomains])],
  };
}

/** `--env <name>` or `--env=<name>` from the command line; undefined without one. */
export function envArgument(argv: string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--env') return argv[i + 1] ?? '';
    if (arg.startsWith('--env=')) return arg.slice('--env='.length);
  }
  return undefined;
}
