import { CutoverError } from '../errors';

/**
 * The caller passed a value the provider refuses to send, such as an empty Identity
 * (which Exchange would read as "every object") or an invalid date.
 */
export class ProviderInputError extends CutoverError {
  readonly code = 'provider_input';
  constructor(
    readonly cmdlet: string,
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${cmdlet} -${parameter}: ${reason}`);
  }
}

/** Returns the identity trimmed, or throws when it is empty: Exchange treats a missing Identity as "all". */
export function requireIdentity(cmdlet: string, value: unknown, parameter = 'Identity'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new ProviderInputError(cmdlet, parameter, 'must not be empty');
  return text;
}

/** UTC ISO 8601 for a DateTime parameter. */
export function utcIso(cmdlet: string, parameter: string, value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ProviderInputError(cmdlet, parameter, 'is not a valid date');
  }
  return value.toISOString();
}
