import { ExchangeNotFoundError, ExchangeTransportError } from '../../errors';
import type { ExchangeObject } from './invoke-command';

/** The one object a Get-* by Identity returns, null when none, and an error when Identity matched many. */
export function single(cmdlet: string, values: ExchangeObject[]): ExchangeObject | null {
  if (values.length > 1) {
    throw new ExchangeTransportError(cmdlet, `returned ${values.length} objects for one Identity`);
  }
  return values[0] ?? null;
}

/** The result, or null when Exchange says the object does not exist. */
export async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ExchangeNotFoundError) return null;
    throw err;
  }
}
