import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The ARM JSON schemas under infra/schemas, prepared for offline validation with Ajv (draft-04):
 * the template envelope's resource union (which points at files not kept here) is narrowed to the
 * resource base, a generator bug in allOf members is undone, and in strict mode every object schema
 * with named properties refuses unknown ones, so a misspelled property fails.
 * The files on disk are never changed; this works on parsed copies.
 */

export const SCHEMA_DIR = path.resolve(__dirname, '../../infra/schemas');
export const TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const PARAMETERS_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
const RESOURCE_BASE =
  'https://schema.management.azure.com/schemas/common/definitions.json#/definitions/resourceBase';

/** Keys every resource may carry besides the ones its schema names. */
const ENVELOPE_KEYS = [
  'condition',
  'dependsOn',
  'copy',
  'comments',
  'scope',
  'apiVersion',
  'type',
  'name',
  'location',
  'tags',
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SchemaFile {
  file: string;
  id: string;
  schema: Json;
}

/** Every .json file under the folder, parsed. */
export function readSchemaFiles(dir = SCHEMA_DIR): SchemaFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json;
      return { file, id: String(schema.id), schema };
    });
}

const SUBSCHEMA_MAPS = ['properties', 'definitions', 'patternProperties'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/** Visits every schema node; `allOfMember` tells whether the node sits directly in an allOf. */
function walk(node: unknown, visit: (node: Json, allOfMember: boolean) => void, allOfMember = false): void {
  if (!isObject(node)) return;
  visit(node, allOfMember);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (SUBSCHEMA_MAPS.includes(key) || key.endsWith('resourceDefinitions')) {
      if (isObject(value)) for (const child of Object.values(value)) walk(child, visit);
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      for (const child of value) walk(child, visit, key === 'allOf');
    } else if (key === 'items') {
      for (const child of Array.isArray(value) ? value : [value]) walk(child, visit);
    } else if (key === 'additionalProperties' || key === 'not') {
      walk(value, visit);
    }
  }
}

/** Local definition names that some allOf member points at: base types whose properties others extend. */
function allOfBases(schema: Json): Set<string> {
  const bases = new Set<string>();
  walk(schema, (node, allOfMember) => {
    const ref = node.$ref;
    if (allOfMember && typeof ref === 'string' && ref.startsWith('#/definitions/')) bases.add(ref.slice(14));
  });
  return bases;
}

/** Keys the resource schema itself names, plus those named in its oneOf branches (sites/config). */
function resourceKeys(node: Json): string[] {
  const keys = new Set<string>(ENVELOPE_KEYS);
  for (const key of Object.keys(isObject(node.properties) ? node.properties : {})) keys.add(key);
  for (const branch of Array.isArray(node.oneOf) ? node.oneOf : []) {
    if (isObject(branch) && isObject(branch.properties))
      for (const key of Object.keys(branch.properties)) keys.add(key);
  }
  return [...keys];
}

function closeResourceSchema(node: Json): void {
  const properties = (isObject(node.properties) ? node.properties : {}) as Json;
  for (const key of resourceKeys(node)) if (!(key in properties)) properties[key] = {};
  node.properties = properties;
  if (node.additionalProperties === undefined) node.additionalProperties = false;
}

/** Prepares one resource provider file (see the module comment). */
function prepareResourceFile(schema: Json, strict: boolean): void {
  walk(schema, (node, allOfMember) => {
    if (allOfMember && node.additionalProperties === false) delete node.additionalProperties;
  });
  if (!strict) return;
  const bases = allOfBases(schema);
  const resourceLevel = new Set<Json>();
  for (const [section, entries] of Object.entries(schema)) {
    if (section.endsWith('resourceDefinitions') && isObject(entries))
      for (const entry of Object.values(entries)) if (isObject(entry)) resourceLevel.add(entry);
  }
  const definitions = (isObject(schema.definitions) ? schema.definitions : {}) as Json;
  for (const [name, entry] of Object.entries(definitions)) {
    if (name.endsWith('_childResource') && isObject(entry)) resourceLevel.add(entry);
  }
  for (const node of resourceLevel) closeResourceSchema(node);
  const skip = new Set<unknown>(
    [...bases].map((name) => definitions[name]).filter((d): d is Json => isObject(d)),
  );
  walk(schema, (node, allOfMember) => {
    if (resourceLevel.has(node) || skip.has(node) || allOfMember) return;
    if (!isObject(node.properties) || node.additionalProperties !== undefined) return;
    if (SUBSCHEMA_LISTS.some((k) => k in node)) return;
    node.additionalProperties = false;
  });
}

/** The schema files, ready for Ajv. Strict mode refuses unknown property names. */
export function preparedSchemas(options: { strict: boolean; dir?: string }): SchemaFile[] {
  return readSchemaFiles(options.dir).map(({ file, id, schema }) => {
    const copy = structuredClone(schema);
    if (path.basename(file) === 'deploymentTemplate.json') {
      (copy.definitions as Json).resource = { $ref: RESOURCE_BASE };
    } else if (Object.keys(copy).some((k) => k.endsWith('resourceDefinitions'))) {
      prepareResourceFile(copy, options.strict);
    }
    return { file, id, schema: copy };
  });
}

/** (type in lower case, apiVersion) → the `$ref` of its resource schema, from the resource files. */
export function resourceIndex(files: SchemaFile[]): Map<string, { ref: string; type: string }> {
  const index = new Map<string, { ref: string; type: string }>();
  for (const { id, schema } of files) {
    for (const [section, entries] of Object.entries(schema)) {
      if (!section.endsWith('resourceDefinitions') || !isObject(entries)) continue;
      for (const [key, entry] of Object.entries(entries)) {
        const props = (entry as Json).properties as Json;
        const type = ((props.type as Json).enum as string[])[0]!;
        const apiVersion = ((props.apiVersion as Json).enum as string[])[0]!;
        index.set(`${type.toLowerCase()}@${apiVersion}`, {
          ref: `${id.replace(/#$/, '')}#/${section}/${key}`,
          type,
        });
      }
    }
  }
  return index;
}
