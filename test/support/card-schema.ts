import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';

/** The vendored Adaptive Card 1.5 schema (`schemas/README.md` says where it came from). */
export const CARD_SCHEMA_PATH = path.resolve(__dirname, '../../schemas/adaptive-card-1.5.schema.json');

/** Teams allows 100 KB per message; cards stay well under that. */
export const CARD_SIZE_LIMIT = 40_000;

type SchemaNode = Record<string, unknown>;

function loadSchema(): SchemaNode {
  // Draft-06 names the schema's identifier `id`, which Ajv 8 only accepts as `$id`.
  const { id, ...schema } = JSON.parse(readFileSync(CARD_SCHEMA_PATH, 'utf8')) as SchemaNode;
  return { ...schema, $id: id };
}

function compileCardSchema(schema: SchemaNode) {
  // The schema is draft-06 and carries keywords Ajv does not know (`version`, `features`), union types and
  // `format`s that would need ajv-formats: strict mode and format checks are off for those reasons.
  // `verbose` puts the failing schema node on each error, used below to make messages readable.
  const ajv = new Ajv({
    strict: false,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: false,
    verbose: true,
  });
  ajv.addMetaSchema(draft06MetaSchema);
  return ajv.compile(schema);
}

interface SchemaIndex {
  /** Which definition each schema node belongs to. */
  owners: Map<unknown, string>;
  /** Element and action types, e.g. "TextBlock", and their definitions. */
  typeToDefinition: Map<string, string>;
  /** For each typed definition, itself and the definitions it extends through `allOf`. */
  lineage: Map<string, Set<string>>;
}

function indexSchema(schema: SchemaNode): SchemaIndex {
  const definitions = (schema.definitions ?? {}) as Record<string, SchemaNode>;
  const owners = new Map<unknown, string>();
  const typeToDefinition = new Map<string, string>();
  const lineage = new Map<string, Set<string>>();
  const extendsOf = (name: string): string[] =>
    ((definitions[name]?.allOf ?? []) as SchemaNode[])
      .map((part) => String(part.$ref ?? '').replace('#/definitions/', ''))
      .filter((ref) => ref in definitions);
  for (const [name, definition] of Object.entries(definitions)) {
    const mark = (node: unknown): void => {
      if (node === null || typeof node !== 'object' || owners.has(node)) return;
      owners.set(node, name);
      for (const child of Object.values(node)) mark(child);
    };
    mark(definition);
    const typeEnum = ((definition.properties as SchemaNode | undefined)?.type as SchemaNode | undefined)
      ?.enum;
    if (!Array.isArray(typeEnum) || typeof typeEnum[0] !== 'string') continue;
    typeToDefinition.set(typeEnum[0], name);
    const names = new Set<string>();
    const queue = [name];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (names.has(next)) continue;
      names.add(next);
      queue.push(...extendsOf(next));
    }
    lineage.set(name, names);
  }
  return { owners, typeToDefinition, lineage };
}

interface CardValidator {
  validate: ReturnType<typeof compileCardSchema>;
  index: SchemaIndex;
  branches: Set<string>;
}

function validatorOf(schema: SchemaNode): CardValidator {
  const index = indexSchema(schema);
  return {
    validate: compileCardSchema(schema),
    index,
    branches: new Set([...index.lineage.values()].flatMap((names) => [...names])),
  };
}

const cardSchema = loadSchema();
const base = validatorOf(cardSchema);

/**
 * The chart elements Teams renders (Chart.Donut, Chart.Line, Chart.VerticalBar), as Microsoft documents
 * them (`test/fixtures/adaptive-card-charts.schema.json` names its source).
 */
export const CHART_SCHEMA_PATH = path.resolve(__dirname, '../fixtures/adaptive-card-charts.schema.json');

/** The 1.5 schema with the chart elements added as elements (and so as fallbacks' parents). */
function withCharts(schema: SchemaNode): SchemaNode {
  const charts = JSON.parse(readFileSync(CHART_SCHEMA_PATH, 'utf8')) as { definitions: SchemaNode };
  const copy = structuredClone(schema);
  const definitions = copy.definitions as Record<string, SchemaNode>;
  Object.assign(definitions, charts.definitions);
  const elements = definitions['ImplementationsOf.Element']!.anyOf as SchemaNode[];
  for (const name of Object.keys(charts.definitions).filter((n) => n.startsWith('Chart.')))
    elements.push({ required: ['type'], allOf: [{ $ref: `#/definitions/${name}` }] });
  return copy;
}

let charted: CardValidator | undefined;

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** The nearest object (the error's own instance or its parent) that has a string `type`. */
function typedOwner(card: unknown, pointer: string): { path: string; type: string } | undefined {
  for (const path of [pointer, parentPointer(pointer)]) {
    const value = valueAt(card, path);
    if (value !== null && typeof value === 'object' && typeof (value as SchemaNode).type === 'string') {
      return { path, type: (value as SchemaNode).type as string };
    }
  }
  return undefined;
}

/**
 * Elements and actions are unions (`anyOf`) of every type, so one mistake fails every branch. Keep only the
 * errors of the branch whose `type` matches the element, and name unknown or misplaced types outright.
 */
function readableErrors(card: unknown, errors: ErrorObject[], v: CardValidator = base): string[] {
  const schemaIndex = v.index;
  const branchDefinitions = v.branches;
  const lines: string[] = [];
  const typedPaths = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'anyOf') continue;
    const definition = schemaIndex.owners.get(error.parentSchema);
    const owner = typedOwner(card, error.instancePath);
    if (definition !== undefined && branchDefinitions.has(definition) && owner !== undefined) {
      const ownDefinition = schemaIndex.typeToDefinition.get(owner.type);
      const ownLineage = ownDefinition === undefined ? undefined : schemaIndex.lineage.get(ownDefinition);
      if (ownLineage === undefined || !ownLineage.has(definition)) {
        typedPaths.add(owner.path);
        continue;
      }
    }
    const where = error.instancePath === '' ? '(card)' : error.instancePath;
    lines.push(`${where}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }
  for (const path of typedPaths) {
    const explained = (text: string) => text.startsWith(`${path}:`) || text.startsWith(`${path}/`);
    if (lines.some(explained) || [...typedPaths].some((other) => other !== path && explained(other)))
      continue;
    const type = valueAt(card, `${path}/type`) as string;
    const why = schemaIndex.typeToDefinition.has(type)
      ? 'is not allowed here'
      : 'is not an Adaptive Card 1.5 type';
    lines.push(`${path}/type: ${JSON.stringify(type)} ${why}`);
  }
  if (lines.length === 0)
    return errors.map((e) => `${e.instancePath || '(card)'}: ${e.message ?? e.keyword}`);
  return [...new Set(lines)];
}

function validateWith(v: CardValidator, card: unknown): { valid: boolean; errors: string[] } {
  const valid = v.validate(card) === true;
  return { valid, errors: valid ? [] : readableErrors(card, v.validate.errors ?? [], v) };
}

function expectValidWith(v: CardValidator, card: unknown, what: string): void {
  const { valid, errors } = validateWith(v, card);
  if (!valid) {
    const shown = errors.slice(0, 30).join('\n  ');
    throw new Error(`Card is not a valid ${what} (${errors.length} problems):\n  ${shown}`);
  }
  const size = JSON.stringify(card).length;
  if (size >= CARD_SIZE_LIMIT) {
    throw new Error(`Card is ${size} characters of JSON; it must stay under ${CARD_SIZE_LIMIT}`);
  }
}

/** Validates a card against the Adaptive Card 1.5 schema. */
export function validateCard(card: unknown): { valid: boolean; errors: string[] } {
  return validateWith(base, card);
}

/** Throws with readable errors when a card is not schema-valid or not under the size limit. */
export function expectValidCard(card: unknown): void {
  expectValidWith(base, card, 'Adaptive Card 1.5');
}

/**
 * For the cards that draw charts (the report card) only: the 1.5 schema extended with the chart elements
 * Teams renders. Every other card is checked against the plain 1.5 schema, where a chart is an error.
 */
export function validateChartCard(card: unknown): { valid: boolean; errors: string[] } {
  charted ??= validatorOf(withCharts(cardSchema));
  return validateWith(charted, card);
}

export function expectValidChartCard(card: unknown): void {
  charted ??= validatorOf(withCharts(cardSchema));
  expectValidWith(charted, card, 'Adaptive Card 1.5 with Teams charts');
}
