import { formatDateTime } from './format';

/** One output object: a flat property bag with OData type annotations beside some values. */
export type PropertyBag = Record<string, unknown>;

/** Builds a property bag; `guid` and `dateTime` add the `Name@odata.type` annotation Exchange sends. */
export class BagBuilder {
  private readonly bag: PropertyBag = {};

  set(name: string, value: unknown): this {
    this.bag[name] = value;
    return this;
  }

  guid(name: string, value: string | null): this {
    if (value !== null) this.bag[`${name}@odata.type`] = '#Guid';
    this.bag[name] = value;
    return this;
  }

  dateTime(name: string, ms: number | null): this {
    if (ms !== null) this.bag[`${name}@odata.type`] = '#DateTime';
    this.bag[name] = ms === null ? null : formatDateTime(ms);
    return this;
  }

  strings(name: string, values: string[]): this {
    this.bag[`${name}@odata.type`] = '#Collection(String)';
    this.bag[name] = values;
    return this;
  }

  build(): PropertyBag {
    return this.bag;
  }
}

/** Applies `$select`: keeps the named properties and their annotations. */
export function selectProperties(bag: PropertyBag, select: string[] | null): PropertyBag {
  if (!select) return bag;
  const wanted = new Set(select.map((s) => s.toLowerCase()));
  return Object.fromEntries(
    Object.entries(bag).filter(([key]) => wanted.has((key.split('@')[0] ?? key).toLowerCase())),
  );
}
