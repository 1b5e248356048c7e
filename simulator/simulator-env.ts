import { z } from 'zod';

/** Settings of the standalone simulator (`npm run simulator`), read from the environment. */
export interface SimulatorEnv {
  port: number;
  host: string;
  speed: number;
  stateFile?: string;
}

const envSchema = z.object({
  SIMULATOR_PORT: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be from 0 to 65535')
    .max(65535, 'must be from 0 to 65535')
    .default(5980),
  SIMULATOR_HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  SIMULATOR_SPEED: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .positive('must be a positive number (simulated seconds per real second)')
    .finite('must be a finite number')
    .default(60),
  SIMULATOR_STATE_FILE: z.string().trim().min(1, 'must not be empty when set').optional(),
});

export type EnvResult = { ok: true; env: SimulatorEnv } | { ok: false; message: string };

/** Pure: validates the environment. Empty values count as unset. A bad value names its variable and the fix. */
export function loadSimulatorEnv(env: Record<string, string | undefined>): EnvResult {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = env[name];
    return {
      ok: false,
      message: `${name}${value === undefined ? '' : `="${value}"`} ${issue?.message ?? 'is invalid'}.`,
    };
  }
  const data = parsed.data;
  return {
    ok: true,
    env: {
      port: data.SIMULATOR_PORT,
      host: data.SIMULATOR_HOST,
      speed: data.SIMULATOR_SPEED,
      ...(data.SIMULATOR_STATE_FILE ? { stateFile: data.SIMULATOR_STATE_FILE } : {}),
    },
  };
}
