import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type PersistedState, persistedStateSchema } from './state-schema';

/** Reads a saved state; null when the file does not exist yet. A damaged file is an error, never ignored. */
export function loadStateFile(path: string): PersistedState | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Simulator state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = persistedStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Simulator state file ${path} has an unexpected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

let sequence = 0;

/** Writes the state atomically: a temporary file beside the target, then a rename over it. */
export function saveStateFile(path: string, state: PersistedState): void {
  mkdirSync(dirname(path), { recursive: true });
  sequence += 1;
  const temporary = `${path}.${process.pid}.${sequence}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), 'utf8');
  renameSync(temporary, path);
}
