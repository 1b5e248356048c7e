import type { ErrorObject } from 'ajv';
import Ajv from 'ajv-draft-04';
import { PARAMETERS_SCHEMA, preparedSchemas, resourceIndex, TEMPLATE_SCHEMA } from './arm-schemas';

/** One problem in a template: where (a resource, or a section) and what. */
export interface Problem {
  where: string;
  message: string;
}

export const describeProblem = (p: Problem) => `${p.where}: ${p.message}`;

type Json = Record<string, unknown>;
interface Resource {
  type?: string;
  apiVersion?: string;
  name?: string;
  resources?: Resource[];
}

const EXPRESSION = /\/definitions\/expression\//;

/**
 * Keeps what helps a reader (a discriminated union, such as a bot's channels, still reports every
 * branch it tried): no errors from the expression branch of `oneOf: [real, expression]`,
 * no `oneOf` summaries, only the deepest paths, each once.
 */
function usefulErrors(errors: ErrorObject[]): string[] {
  const kept = errors.filter((e) => e.keyword !== 'oneOf' && !EXPRESSION.test(e.schemaPath));
  const deepest = kept.filter(
    (e) => !kept.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`)),
  );
  const lines = deepest.map((e) => {
    const at = e.instancePath || '/';
    if (e.keyword === 'additionalProperties')
      return `${at}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'enum')
      return `${at}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
    return `${at}: ${e.message}`;
  });
  return [...new Set(lines)];
}

/** Validates ARM templates offline against the schemas kept in infra/schemas. */
export function createArmValidator(options: { strict?: boolean } = {}) {
  const files = preparedSchemas({ strict: options.strict ?? true });
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const { schema } of files) ajv.addSchema(schema);
  const index = resourceIndex(files);

  const schemaFile = new Map(files.map((f) => [f.id.replace(/#$/, ''), f.schema]));

  const raw = (ref: string, value: unknown): ErrorObject[] => {
    const check = ajv.getSchema(ref);
    if (!check) throw new Error(`schema ${ref} is not loaded`);
    return check(value) ? [] : [...(check.errors ?? [])];
  };

  /**
   * A discriminated union (a bot's channels, a parent's child resources) tries every branch, and each
   * branch that expects another discriminator value complains. Where several enum/const errors reject
   * the same value, the value is validated again against the one definition of the file that names
   * exactly that value, and its errors replace the union's.
   */
  const narrowed = (ref: string, value: unknown, depth = 0): ErrorObject[] => {
    const errors = raw(ref, value);
    if (depth > 3) return errors;
    const counts = new Map<string, number>();
    for (const e of errors)
      if (e.keyword === 'enum' || e.keyword === 'const')
        counts.set(e.instancePath, (counts.get(e.instancePath) ?? 0) + 1);
    const fileId = ref.split('#')[0]!;
    let result = errors;
    for (const [at, count] of counts) {
      if (count < 2) continue;
      const parentPath = at.slice(0, at.lastIndexOf('/'));
      const key = at.slice(at.lastIndexOf('/') + 1);
      const parent = pointer(value, parentPath) as Json | undefined;
      const definition = definitionNaming(schemaFile.get(fileId), key, parent?.[key]);
      if (!parent || !definition) continue;
      const inner = narrowed(`${fileId}#/definitions/${definition}`, parent, depth + 1).map((e) => ({
        ...e,
        instancePath: parentPath + e.instancePath,
      }));
      result = [
        ...result.filter(
          (e) => e.instancePath !== parentPath && !e.instancePath.startsWith(`${parentPath}/`),
        ),
        ...inner,
      ];
    }
    return result;
  };

  const validate = (ref: string, value: unknown): string[] => usefulErrors(narrowed(ref, value));

  function resourceProblems(template: Json): Problem[] {
    const problems: Problem[] = [];
    const resources = (Array.isArray(template.resources) ? template.resources : []) as Resource[];
    resources.forEach((resource, i) => {
      const where = `resources[${i}] ${resource.type} "${resource.name}"`;
      const entry = index.get(`${String(resource.type).toLowerCase()}@${resource.apiVersion}`);
      if (!entry) {
        const known = [...index.keys()]
          .filter((k) => k.startsWith(`${String(resource.type).toLowerCase()}@`))
          .map((k) => k.split('@')[1]);
        problems.push({
          where,
          message: `no schema for apiVersion ${resource.apiVersion}${known.length ? ` (known: ${known.join(', ')})` : ' (unknown type)'}`,
        });
        return;
      }
      // ARM types are case-insensitive; the schema's enum is not.
      for (const message of validate(entry.ref, { ...resource, type: entry.type }))
        problems.push({ where, message });
    });
    return problems;
  }

  return {
    /** The envelope, every resource against its schema, and the template's own references. */
    validateTemplate(template: Json): Problem[] {
      return [
        ...validate(TEMPLATE_SCHEMA, template).map((message) => ({ where: 'template', message })),
        ...resourceProblems(template),
        ...referenceProblems(template),
      ];
    },
    validateParameters(parameters: Json): Problem[] {
      return validate(PARAMETERS_SCHEMA, parameters).map((message) => ({
        where: 'parameters file',
        message,
      }));
    },
  };
}

/** The value at a JSON pointer such as `/resources/0/properties`. */
function pointer(value: unknown, at: string): unknown {
  let node = value;
  for (const part of at.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** The definition of the file whose `key` property allows exactly `value` (a union's branch). */
function definitionNaming(schema: Json | undefined, key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !schema) return undefined;
  const definitions = (schema.definitions ?? {}) as Record<string, Json>;
  return Object.keys(definitions).find((name) => {
    const property = ((definitions[name]!.properties ?? {}) as Record<string, Json>)[key];
    const branches = [property, ...((property?.oneOf as Json[] | undefined) ?? [])];
    return branches.some((b) => Array.isArray(b?.enum) && b.enum.length === 1 && b.enum[0] === value);
  });
}

/** Every string in the value with the path it sits at (e.g. `resources[3].properties.x`). */
function strings(value: unknown, at: string, out: { at: string; text: string }[] = []) {
  if (typeof value === 'string') out.push({ at, text: value });
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${at}[${i}]`, out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

/** Which resource (or section) a path belongs to, for messages. */
function ownerOf(template: Json, at: string): string {
  const match = /^resources\[(\d+)\]/.exec(at);
  if (!match) return at.split(/[.[]/)[0]!;
  const resource = (template.resources as Resource[])[Number(match[1])]!;
  return `resources[${match[1]}] ${resource.type} "${resource.name}"`;
}

const SECRET_NAME = /password|secret|key/i;

/**
 * References and parameters: every parameters('x') and variables('x') is defined, every parameter is
 * used, and no secret (securestring, secureObject, or a name like password/secret/key) has a default.
 */
export function referenceProblems(template: Json): Problem[] {
  const problems: Problem[] = [];
  const parameters = (template.parameters ?? {}) as Record<string, Json>;
  const variables = (template.variables ?? {}) as Json;
  const used = new Set<string>();
  const sections = ['variables', 'resources', 'outputs', 'parameters'] as const;
  for (const section of sections) {
    for (const { at, text } of strings(template[section], section)) {
      if (!text.startsWith('[') || text.startsWith('[[')) continue;
      for (const [, kind, name] of text.matchAll(/\b(parameters|variables)\(\s*'([^']*)'\s*\)/g)) {
        if (kind === 'parameters') used.add(name!);
        const defined = kind === 'parameters' ? name! in parameters : name! in variables;
        if (!defined)
          problems.push({
            where: ownerOf(template, at),
            message: `${kind}('${name}') is not defined (at ${at})`,
          });
      }
    }
  }
  for (const [name, definition] of Object.entries(parameters)) {
    if (!used.has(name)) problems.push({ where: `parameters.${name}`, message: 'is never used' });
    const type = String(definition.type).toLowerCase();
    const secret = type === 'securestring' || type === 'secureobject' || SECRET_NAME.test(name);
    if (secret && 'defaultValue' in definition)
      problems.push({
        where: `parameters.${name}`,
        message: 'is a secret and must not have a default value',
      });
  }
  return problems;
}
