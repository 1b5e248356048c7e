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

const cardSchema = loadSchema();
const validateAgainstSchema = compileCardSchema(cardSchema);
const schemaIndex = indexSchema(cardSchema);
const branchDefinitions = new Set([...schemaIndex.lineage.values()].flatMap((names) => [...names]));

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
function readableErrors(card: unknown, errors: ErrorObject[]): string[] {
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

/** Validates a card against the Adaptive Card 1.5 schema. */
export function validateCard(card: unknown): { valid: boolean; errors: string[] } {
  const valid = validateAgainstSchema(card) === true;
  return { valid, errors: valid ? [] : readableErrors(card, validateAgainstSchema.errors ?? []) };
}

/** Throws with readable errors when a card is not schema-valid or not under the size limit. */
export function expectValidCard(card: unknown): void {
  const { valid, errors } = validateCard(card);
  if (!valid) {
    const shown = errors.slice(0, 30).join('\n  ');
    throw new Error(`Card is not a valid Adaptive Card 1.5 (${errors.length} problems):\n  ${shown}`);
  }
  const size = JSON.stringify(card).length;
  if (size >= CARD_SIZE_LIMIT) {
    throw new Error(`Card is ${size} characters of JSON; it must stay under ${CARD_SIZE_LIMIT}`);
  }
}
