import { invalidArgument, missingParameters, unknownParameter } from './cmdlet-error';
import { parseDateTime } from './format';

/** PowerShell common parameters every cmdlet accepts. */
const COMMON = ['Confirm', 'WhatIf', 'ErrorAction', 'WarningAction', 'InformationAction', 'Verbose', 'Debug'];

export const DEFAULT_RESULT_SIZE = 1000;

/**
 * The Parameters object of one call, checked like PowerShell binds them: names are case-insensitive,
 * unknown names and missing mandatory ones are refused, and values are type-checked on read.
 */
export class CmdletParameters {
  private readonly values = new Map<string, { name: string; value: unknown }>();

  constructor(raw: Record<string, unknown>, allowed: readonly string[], required: readonly string[] = []) {
    const known = new Map([...allowed, ...COMMON].map((n) => [n.toLowerCase(), n]));
    for (const [name, value] of Object.entries(raw)) {
      if (name.includes('@')) continue; // OData annotations such as "CSVData@odata.type"
      const canonical = known.get(name.toLowerCase());
      if (!canonical) throw unknownParameter(name);
      this.values.set(canonical.toLowerCase(), { name: canonical, value });
    }
    const missing = required.filter((n) => {
      const entry = this.values.get(n.toLowerCase());
      return !entry || entry.value === null || (typeof entry.value === 'string' && entry.value.trim() === '');
    });
    if (missing.length > 0) throw missingParameters(missing);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  raw(name: string): unknown {
    return this.values.get(name.toLowerCase())?.value;
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw invalidArgument(name, `Cannot convert the value of type ${typeof value} to type "System.String".`);
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    throw invalidArgument(
      name,
      `Cannot convert value "${String(value)}" to type "System.Management.Automation.SwitchParameter".`,
    );
  }

  /** undefined: not passed; null: passed as null (clears the value); else epoch milliseconds. */
  dateTime(name: string): number | null | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw(name);
    if (value === null || value === '') return null;
    const ms = typeof value === 'string' ? parseDateTime(value) : null;
    if (ms === null)
      throw invalidArgument(name, `Cannot convert value "${String(value)}" to type "System.DateTime".`);
    return ms;
  }

  stringList(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string')) {
      throw invalidArgument(name, 'Cannot convert the value to type "System.String[]".');
    }
    return (list as string[])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }

  /** ResultSize: "Unlimited" or a positive number; 1000 when not passed (the cmdlets' default). */
  resultSize(): number {
    const value = this.raw('ResultSize');
    if (value === undefined || value === null) return DEFAULT_RESULT_SIZE;
    if (typeof value === 'string' && value.toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
    const size = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(size) || size < 1) {
      throw invalidArgument(
        'ResultSize',
        `Cannot convert value "${String(value)}" to type "Unlimited" or a number.`,
      );
    }
    return size;
  }
}
