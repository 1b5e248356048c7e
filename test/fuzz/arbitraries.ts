import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { COMMANDS } from '../../bot/commands/specs';
import { CARD_VERBS } from '../../cards/verbs';
import invokeFixture from '../fixtures/invoke.action.json';
import messageFixture from '../fixtures/message.teams.json';

/** Activities as Teams sends them: the fixtures of test/fixtures/teams and the two captured ones. */
export function realActivities(): Record<string, unknown>[] {
  const dir = path.resolve(__dirname, '../fixtures/teams');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return [
    messageFixture,
    invokeFixture,
    ...files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>),
  ];
}

export interface Targets {
  /** Ids a hostile caller might know or guess: a real batch, a real approval, a tenant. */
  batchIds: string[];
  approvalIds: string[];
  tenantIds: string[];
  batchNames: string[];
}

const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u202E\u2066evil',
  '<at>Cutover</at>',
  '<script>alert(1)</script>',
  '$' + '{root}',
  '{{x}}',
  '../../etc/passwd',
  '%00',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '\uD800',
  '😀'.repeat(50),
];

/** A value of any JSON type, sometimes huge or hostile. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  },
  // Big, but inside what one Teams message can carry; a few beyond it.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'A'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('B'.repeat(150_000)) },
);

/** Every path to a value inside a JSON object (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(p);
      if (out.length < 400) pathsOf(child, p, out);
    }
  }
  return out;
}

function applyMutation(target: Record<string, unknown>, pick: number, op: 'delete' | 'set', value: unknown) {
  const paths = pathsOf(target);
  if (paths.length === 0) return;
  const p = paths[pick % paths.length]!;
  let node = target as Record<string | number, unknown>;
  for (const key of p.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  if (op === 'delete') delete node[last];
  else node[last] = value;
}

const mutation = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom<'delete' | 'set'>('delete', 'set', 'set'),
  value: anyValue,
});

/** A real activity with a few fields deleted or set to values of the wrong type, size or content. */
export function mutatedActivity(bases: Record<string, unknown>[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([base, ms]) => {
      const copy = structuredClone(base);
      for (const m of ms) applyMutation(copy, m.pick, m.op, m.value);
      return copy;
    });
}

function commandText(targets: Targets): fc.Arbitrary<string> {
  const word = fc.oneof(
    fc.constantFrom(...targets.batchNames, ...targets.tenantIds, ...targets.batchIds, 'now', '--page', '2'),
    fc.string({ maxLength: 20 }),
    fc.constantFrom(...NASTY),
  );
  const fromSyntax = fc
    .tuple(fc.constantFrom(...COMMANDS.map((c) => c.syntax)), fc.array(word, { maxLength: 4 }))
    .map(([syntax, words]) => {
      let i = 0;
      return syntax.replace(/<[^>]+>|\[[^\]]*\]/g, () => String(words[i++] ?? ''));
    });
  return fc.oneof(
    { weight: 5, arbitrary: fromSyntax },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.emailAddress(), { maxLength: 30 })
        .map(
          (emails) =>
            `batch create Fz --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => `batch status ${'x'.repeat(n)}`),
    },
  );
}

/** A message with a command-like, random or hostile text, sometimes only a card's submitted value. */
export function messageActivity(targets: Targets): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      text: commandText(targets),
      value: fc.option(cardData(targets), { freq: 4 }),
      verb: fc.option(verbName(), { freq: 3 }),
    })
    .map(({ text, value, verb }) => {
      const m: Record<string, unknown> = { ...structuredClone(messageFixture), text };
      if (value) {
        m.value = verb ? { ...value, verb } : value;
        if (text.length % 2 === 0) delete m.text;
      }
      return m;
    });
}

function verbName(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...CARD_VERBS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'batch.', 'BATCH.START'),
    },
  );
}

/** Card data naming real or guessed objects, with versions, pages and answers of any shape. */
export function cardData(targets: Targets): fc.Arbitrary<Record<string, unknown>> {
  const id = (real: string[]) => fc.oneof(fc.constantFrom(...real), anyValue);
  return fc.record(
    {
      batchId: id(targets.batchIds),
      approvalId: id(targets.approvalIds),
      tenantId: id(targets.tenantIds),
      tenant: id(targets.tenantIds),
      version: fc.oneof(fc.integer({ min: -2, max: 12 }), anyValue),
      page: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
      action: fc.oneof(fc.constantFrom('cutover', 'retry', 'remove', 'start'), anyValue),
      answer: fc.oneof(fc.constantFrom('done', 'help'), anyValue),
      reason: anyValue,
      at: anyValue,
      email: anyValue,
      status: anyValue,
      noticeId: anyValue,
      runbookId: anyValue,
      stepId: anyValue,
      done: anyValue,
      csv: anyValue,
      name: anyValue,
      scenario: anyValue,
    },
    { requiredKeys: [] },
  );
}

/** An adaptiveCard/action invoke with any verb and data. */
export function invokeActivity(targets: Targets): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      verb: verbName(),
      data: fc.oneof({ weight: 6, arbitrary: cardData(targets) }, anyValue),
      trigger: fc.constantFrom('manual', 'automatic'),
    })
    .map(({ verb, data, trigger }) => ({
      ...structuredClone(invokeFixture),
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    }));
}

export type Actor = { kind: 'no-role' | 'role' | 'unknown'; from: Record<string, unknown> | undefined };

/** Callers without any role: a demo user with none, strangers, no Entra id, an id of the wrong type. */
export const noRoleActor: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant<Actor>({
    kind: 'no-role',
    from: { id: '29:patti', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-000000000024' },
  }),
  fc
    .uuid()
    .map<Actor>((u) => ({ kind: 'unknown', from: { id: `29:${u}`, name: 'Stranger', aadObjectId: u } })),
  fc.constant<Actor>({ kind: 'unknown', from: { id: '29:no-entra-id', name: 'No id' } }),
  anyValue.map<Actor>((v) => ({ kind: 'unknown', from: { id: '29:odd', aadObjectId: v } })),
  // The same Entra id as an admin, but in another shape (case, spaces): not the admin.
  fc.constant<Actor>({
    kind: 'unknown',
    from: { id: '29:alex', aadObjectId: ' 00000000-0000-0000-0000-000000000020 ' },
  }),
);

/** Callers who hold roles in the demo tenants. */
export const roleActor: fc.Arbitrary<Actor> = fc.constantFrom<Actor>(
  {
    kind: 'role',
    from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' },
  },
  {
    kind: 'role',
    from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021' },
  },
  {
    kind: 'role',
    from: { id: '29:adele', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-000000000022' },
  },
  {
    kind: 'role',
    from: { id: '29:isaiah', name: 'Isaiah Langer', aadObjectId: '00000000-0000-0000-0000-000000000023' },
  },
);

/** One request body: an activity (with the caller set last, so no mutation can make it someone else), or raw JSON. */
export function requestBody(
  bases: Record<string, unknown>[],
  targets: Targets,
  actor: fc.Arbitrary<Actor>,
  serviceUrl: string,
  rawJson: boolean,
): fc.Arbitrary<string> {
  const activity = fc.oneof(
    { weight: 4, arbitrary: mutatedActivity(bases) },
    { weight: 3, arbitrary: messageActivity(targets) },
    { weight: 3, arbitrary: invokeActivity(targets) },
  );
  const withActor = fc.tuple(activity, actor, fc.nat(99)).map(([a, who, roll]) => {
    // The Bot Connector is the local capture, unless a mutation put something else there.
    if (roll < 90 || typeof a.serviceUrl !== 'string' || a.serviceUrl.includes('trafficmanager.net'))
      a.serviceUrl = serviceUrl;
    a.id = `fuzz-${roll}-${Math.random().toString(36).slice(2)}`;
    // Turns in one conversation run one after another; spread over a few dozen to keep the pace.
    if (
      a.conversation &&
      typeof a.conversation === 'object' &&
      typeof (a.conversation as { id?: unknown }).id === 'string'
    )
      (a.conversation as { id: string }).id += roll % 3 === 0 ? '' : `-${roll % 40}`;
    a.from = who.from;
    return JSON.stringify(a);
  });
  if (!rawJson) return withActor;
  return fc.oneof(
    { weight: 19, arbitrary: withActor },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  );
}
