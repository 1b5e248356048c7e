import { invalidRequest } from './mwz-fault';
import type { WireFields } from './soap-shapes';
import { wireBoolean } from './soap-shapes';

/** Reading the fields of a request entity, with InvalidRequest faults that name the field. */
export class FieldReader {
  constructor(
    readonly type: string,
    readonly fields: WireFields,
  ) {}

  string(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`${this.type}.${name} must be a simple value.`);
    return value.trim() === '' ? undefined : value.trim();
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw invalidRequest(`${this.type}.${name} is required.`);
    return value;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw invalidRequest(
        `${this.type}.${name} must be a whole number from ${min} to ${max}; got '${value}'.`,
      );
    }
    return number;
  }

  date(name: string): number | null {
    const value = this.string(name);
    if (value === undefined) return null;
    const time = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
      throw invalidRequest(`${this.type}.${name} must be an ISO-8601 date; got '${value}'.`);
    }
    return time;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!found)
      throw invalidRequest(`${this.type}.${name} must be one of ${allowed.join(', ')}; got '${value}'.`);
    return found;
  }

  boolean(name: string): boolean | undefined {
    return wireBoolean(this.string(name));
  }

  nested(name: string): FieldReader | undefined {
    const value = this.fields[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') throw invalidRequest(`${this.type}.${name} must hold child elements.`);
    return new FieldReader(`${this.type}.${name}`, value);
  }
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function address(reader: FieldReader, name: string): string {
  const value = reader.required(name);
  if (!ADDRESS.test(value))
    throw invalidRequest(`${reader.type}.${name} must be an email address; got '${value}'.`);
  return value;
}
