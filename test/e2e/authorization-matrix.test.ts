import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCutover } from '../../bot/runtime';
import { CARD_VERBS, type CardVerb } from '../../cards/verbs';
import type { CommandKey } from '../../bot/commands/specs';
import { COMMANDS } from '../../bot/commands/specs';
import { VERB_ACCESS } from '../../bot/authorize-table';
import { type Role, ROLES } from '../../services/config/tenants';
import { noticeId } from '../../services/model/notice';
import { previewNotice } from '../../services/notices/queries';
import { readAll } from '../../services/store/document-store';
import { startSimulator, type SimulatorHandle } from '../../simulator';
import { makeInvoke, makeMessage, postActivity } from '../support/activities';
import { expectValidCard, expectValidChartCard } from '../support/card-schema';
import { startConnectorCapture } from '../support/connector';
import { cardOf, cardText, eventually, FAST_JOBS, latestApprovalCard, tempDir } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';

/**
 * Every card verb and every command, with every kind of caller, against the real bot over HTTP: a caller
 * with no role, one with a role in another tenant only, each role in the object's tenant, and the
 * migrated user a notice went to. The expectations below are the role table as the product promises it;
 * the test also checks the product's own table says the same.
 */
const TENANTS_FILE = path.resolve(__dirname, '../fixtures/tenants.roles.json');
const caller = (tag: string, suffix: string) => ({
  id: `29:${tag}`,
  name: tag,
  aadObjectId: `00000000-0000-0000-0000-0000000000${suffix}`,
});
const CALLERS = {
  nobody: caller('nobody', 'c1'),
  elsewhere: caller('elsewhere', 'b1'),
  viewer: caller('viewer', 'a5'),
  approver: caller('approver', 'a3'),
  operator: caller('operator', 'a2'),
  admin: caller('admin', 'a1'),
  recipient: caller('recipient', 'd1'),
};
type CallerName = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as CallerName[];

/** The roles each caller holds in northwind (where every object lives) and anywhere. */
const IN_NORTHWIND: Record<CallerName, Role[]> = {
  nobody: [],
  elsewhere: [],
  viewer: ['viewer'],
  approver: ['approver', 'viewer'],
  operator: ['operator', 'viewer'],
  admin: ['admin', 'operator', 'viewer'],
  recipient: [],
};
const ANYWHERE: Record<CallerName, Role[]> = {
  ...IN_NORTHWIND,
  elsewhere: ['admin', 'operator', 'viewer'],
};

type Rule = { role: 'none' } | { role: 'recipient' } | { role: Role; where: 'object' | 'anywhere' };
const at = (role: Role): Rule => ({ role, where: 'object' });
const anywhere = (role: Role): Rule => ({ role, where: 'anywhere' });

function allowed(rule: Rule, who: CallerName): boolean {
  if (rule.role === 'none') return true;
  if (rule.role === 'recipient') return who === 'recipient';
  return (rule.where === 'object' ? IN_NORTHWIND : ANYWHERE)[who].includes(rule.role);
}

interface Fixture {
  batchId: string;
  version: () => Promise<number>;
  approvalId: string;
  noticeId: string;
  email: string;
  stepId: string;
  csv: string;
}

type VerbCase = { rule: Rule; data: (f: Fixture, who: CallerName) => Promise<unknown> | unknown };
const batchRef = async (f: Fixture) => ({ batchId: f.batchId, version: await f.version() });

/** Typed over the verbs: a verb without a row here does not compile. */
const VERBS: { [V in CardVerb]: VerbCase } = {
  'batch.refresh': { rule: at('viewer'), data: batchRef },
  'batch.users': { rule: at('viewer'), data: (f) => ({ batchId: f.batchId, page: 1 }) },
  'batch.start': { rule: at('operator'), data: batchRef },
  'batch.stop': { rule: at('operator'), data: batchRef },
  'batch.retry': { rule: at('operator'), data: batchRef },
  'batch.cutover': { rule: at('operator'), data: batchRef },
  'batch.remove': { rule: at('operator'), data: batchRef },
  'batch.verify': { rule: at('operator'), data: batchRef },
  'batch.prestage': { rule: at('operator'), data: batchRef },
  'batch.pass': { rule: at('operator'), data: batchRef },
  'batch.retry-errors': { rule: at('operator'), data: batchRef },
  'batch.confirm': {
    rule: at('operator'),
    data: async (f) => ({ ...(await batchRef(f)), action: 'retry' }),
  },
  'batch.create': {
    rule: at('operator'),
    data: (f, who) => ({ tenant: 'northwind', scenario: 'cross-tenant', name: `Form-${who}`, csv: f.csv }),
  },
  'user.status': { rule: at('viewer'), data: (f) => ({ email: f.email, batchId: f.batchId }) },
  'approval.refresh': { rule: at('viewer'), data: (f) => ({ approvalId: f.approvalId, batchId: f.batchId }) },
  'approval.approve': {
    rule: at('approver'),
    data: async (f) => ({ approvalId: f.approvalId, batchId: f.batchId, version: (await f.version()) - 1 }),
  },
  'approval.reject': {
    // No reason: an approver is told to give one, and nothing changes.
    rule: at('approver'),
    data: async (f) => ({ approvalId: f.approvalId, batchId: f.batchId, version: (await f.version()) - 1 }),
  },
  'audit.page': { rule: at('viewer'), data: (f) => ({ batchId: f.batchId, page: 1 }) },
  'preflight.run': { rule: at('operator'), data: (f) => ({ batchId: f.batchId }) },
  'notice.ack': { rule: { role: 'recipient' }, data: (f) => ({ noticeId: f.noticeId, answer: 'help' }) },
  'runbook.show': {
    rule: at('viewer'),
    data: () => ({ tenantId: 'northwind', runbookId: 'cross-tenant-setup' }),
  },
  'runbook.check': {
    rule: at('operator'),
    data: (f) => ({
      tenantId: 'northwind',
      runbookId: 'cross-tenant-setup',
      stepId: f.stepId,
      done: true,
      version: 0,
    }),
  },
  'runbook.verify': {
    rule: at('operator'),
    data: (f) => ({ tenantId: 'northwind', runbookId: 'cross-tenant-setup', stepId: f.stepId, version: 0 }),
  },
  'portfolio.page': { rule: anywhere('viewer'), data: () => ({ page: 1 }) },
  'portfolio.tenant': { rule: at('viewer'), data: () => ({ tenantId: 'northwind' }) },
};

type CommandCase = { rule: Rule; text: (f: Fixture, who: CallerName) => string };
const onBase = (words: string, rule: Rule): CommandCase => ({
  rule,
  text: () => `${words} Base --tenant northwind`,
});

/** Typed over the command keys: a command without a row here does not compile. */
const COMMAND_CASES: { [K in CommandKey]: CommandCase } = {
  help: { rule: { role: 'none' }, text: () => 'help' },
  tenants: { rule: { role: 'none' }, text: () => 'tenants' },
  'batch.new': { rule: anywhere('operator'), text: () => 'batch new' },
  'batch.create': {
    rule: at('operator'),
    text: (f, who) => `batch create Typed-${who} --tenant northwind --scenario cross-tenant\n${f.csv}`,
  },
  'batch.list': { rule: at('viewer'), text: () => 'batch list --tenant northwind' },
  'batch.status': onBase('batch status', at('viewer')),
  'batch.users': onBase('batch users', at('viewer')),
  user: { rule: anywhere('viewer'), text: (f) => `user ${f.email}` },
  'batch.start': onBase('batch start', at('operator')),
  'batch.preflight': onBase('batch preflight', at('operator')),
  'batch.readiness': onBase('batch readiness', at('viewer')),
  'batch.cutover': onBase('batch cutover', at('operator')),
  'batch.stop': onBase('batch stop', at('operator')),
  'batch.resume': onBase('batch resume', at('operator')),
  'batch.retry': onBase('batch retry', at('operator')),
  'batch.remove': onBase('batch remove', at('operator')),
  'batch.verify': onBase('batch verify', at('operator')),
  'batch.prestage': onBase('batch prestage', at('operator')),
  'batch.pass': onBase('batch pass', at('operator')),
  'batch.retry-errors': onBase('batch retry-errors', at('operator')),
  approvals: { rule: anywhere('approver'), text: () => 'approvals' },
  'batch.notices': onBase('batch notices', at('viewer')),
  'notify.preview': onBase('notify preview', at('operator')),
  runbook: { rule: at('viewer'), text: () => 'runbook cross-tenant-setup --tenant northwind' },
  audit: onBase('audit', at('viewer')),
  report: onBase('report', at('viewer')),
  portfolio: { rule: anywhere('viewer'), text: () => 'portfolio' },
};

interface Answer {
  /** The card shown (a reply's card, or an invoke's card); undefined for an error or text answer. */
  card?: Record<string, unknown>;
  status: number;
  raw: unknown;
}

const isRefusal = (answer: Answer) =>
  answer.status === 200 && answer.card !== undefined && cardText(answer.card).startsWith('Not allowed\n');

describe('authorization: every verb and command against the role table', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startCutover>>;
  const logs: Record<string, unknown>[] = [];
  let fixture: Fixture;

  const repos = () => bot.services.ctx.repos;

  async function say(text: string, who: CallerName): Promise<Answer> {
    const message = makeMessage({ text, from: CALLERS[who], serviceUrl: connector.url });
    const posted = await postActivity(bot.url, message);
    if (posted.status >= 500) return { status: posted.status, raw: posted.body };
    const reply = await eventually(
      () => connector.calls.find((c) => c.kind === 'reply' && c.activityId === message.id),
      10_000,
      `a reply to "${text.split('\n')[0]}"`,
    );
    const hasCard = Array.isArray(reply.body.attachments) && reply.body.attachments.length > 0;
    return { status: 200, card: hasCard ? cardOf(reply.body) : undefined, raw: reply.body };
  }

  async function invoke(verb: string, data: unknown, who: CallerName): Promise<Answer> {
    const posted = await postActivity(
      bot.url,
      makeInvoke({ verb, data, from: CALLERS[who], serviceUrl: connector.url }),
    );
    const body = posted.body as { statusCode?: number; type?: string; value?: Record<string, unknown> };
    const card = body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined;
    return {
      status: posted.status >= 500 ? posted.status : (body?.statusCode ?? posted.status),
      card,
      raw: body,
    };
  }

  /** Every domain document (not the conversation references or job leases every turn may touch). */
  async function snapshot(): Promise<string> {
    const r = repos();
    const parts = await Promise.all(
      [r.batches, r.batchUsers, r.intents, r.approvals, r.audit, r.preflight, r.notices, r.runbooks].map(
        (c) => readAll(c as never, {}),
      ),
    );
    return JSON.stringify(parts);
  }

  beforeAll(async () => {
    simulator = await startSimulator({ speed: 5_000 });
    connector = await startConnectorCapture();
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        done();
      },
    });
    bot = await startCutover({
      env: {
        PORT: '0',
        EXCHANGE_SIMULATOR_PORT: '0',
        DATA_DIR: await tempDir(),
        EXCHANGE_SIMULATOR_URL: simulator.url,
        TENANTS_FILE,
        ...FAST_JOBS,
      },
      log: pino({ level: 'warn' }, sink),
    });

    const emails = await northwindUsers(simulator.url, 4);
    const csv = ['EmailAddress', ...emails.slice(0, 2)].join('\n');
    const batchId = 'northwind~base';
    const base = await say(`batch create Base --tenant northwind --scenario cross-tenant\n${csv}`, 'admin');
    expect(isRefusal(base)).toBe(false);
    await eventually(
      async () => (await repos().batches.read('northwind', batchId))?.state === 'Created',
      15_000,
      'the batch to be created',
    );
    // Removing is gated (2 approvers): the request leaves a pending approval to decide on.
    const removeCard = await say('batch remove Base --tenant northwind', 'admin');
    const version = (await repos().batches.read('northwind', batchId))!.version;
    expect(cardText(removeCard.card)).toMatch(/remove/i);
    await invoke('batch.confirm', { batchId, version, action: 'remove' }, 'admin');
    const approval = await eventually(() => latestApprovalCard(connector.calls), 10_000, 'the approval card');
    // A notice recorded for the migrated user, as the notice worker would after a cutover.
    const preview = await previewNotice(
      bot.services.ctx,
      { id: CALLERS.admin.aadObjectId },
      { batchId },
      'reset',
    );
    if (!preview.ok) throw new Error(preview.code);
    const id = noticeId(batchId, 'reset', emails[0]!);
    await repos().notices.create({
      ...preview.notice,
      id,
      email: emails[0]!,
      userId: CALLERS.recipient.aadObjectId,
      status: 'sent',
      sentAt: new Date().toISOString(),
    });
    const runbook = await say('runbook cross-tenant-setup --tenant northwind', 'admin');
    const check = JSON.stringify(runbook.card).match(/"stepId":"([^"]+)"/);
    fixture = {
      batchId,
      version: async () => (await repos().batches.read('northwind', batchId))!.version,
      approvalId: String(approval.approve.approvalId),
      noticeId: id,
      email: emails[0]!,
      stepId: check![1]!,
      csv: ['EmailAddress', ...emails.slice(2, 4)].join('\n'),
    };
    // Let the jobs settle (the first sync of the new batch) before comparing stored state.
    let previous = '';
    await eventually(
      async () => {
        const now = await snapshot();
        const same = now === previous;
        previous = now;
        return same;
      },
      15_000,
      'stored state to settle',
    );
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await simulator?.close();
  });

  it("the product's table says what this test expects, for every verb and command", () => {
    for (const verb of CARD_VERBS) {
      const rule = VERBS[verb].rule;
      const access = VERB_ACCESS[verb];
      expect({ verb, role: access.role }).toEqual({ verb, role: rule.role });
    }
    for (const spec of COMMANDS) {
      const rule = COMMAND_CASES[spec.key].rule;
      expect({ key: spec.key, role: spec.role }).toEqual({ key: spec.key, role: rule.role });
      expect(ROLES.includes(spec.role as Role) || spec.role === 'none').toBe(true);
    }
  });

  // Refusals first, while nothing else changes the store: each one must leave it exactly as it was.
  it('every caller the table refuses gets the one refusal, and nothing stored changes', async () => {
    const wrong: string[] = [];
    for (const verb of CARD_VERBS) {
      for (const who of CALLER_NAMES) {
        const { rule, data } = VERBS[verb];
        if (allowed(rule, who)) continue;
        const before = await snapshot();
        const answer = await invoke(verb, await data(fixture, who), who);
        if (!isRefusal(answer)) wrong.push(`${verb} by ${who}: ${JSON.stringify(answer.raw).slice(0, 160)}`);
        else expectValidCard(answer.card);
        if ((await snapshot()) !== before) wrong.push(`${verb} by ${who} changed stored state`);
      }
    }
    for (const key of Object.keys(COMMAND_CASES) as CommandKey[]) {
      for (const who of CALLER_NAMES) {
        const { rule, text } = COMMAND_CASES[key];
        if (allowed(rule, who)) continue;
        const before = await snapshot();
        const answer = await say(text(fixture, who), who);
        if (!isRefusal(answer)) wrong.push(`${key} by ${who}: ${JSON.stringify(answer.raw).slice(0, 160)}`);
        else expectValidCard(answer.card);
        if ((await snapshot()) !== before) wrong.push(`${key} by ${who} changed stored state`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('a refusal is the same whether or not the object exists', async () => {
    const missing = 'northwind~no-such-batch';
    const pairs: [string, (id: boolean) => unknown][] = [
      ['batch.refresh', (real) => ({ batchId: real ? fixture.batchId : missing, version: 1 })],
      ['batch.users', (real) => ({ batchId: real ? fixture.batchId : missing })],
      ['audit.page', (real) => ({ batchId: real ? fixture.batchId : missing })],
      ['batch.remove', (real) => ({ batchId: real ? fixture.batchId : missing, version: 1 })],
      [
        'approval.refresh',
        (real) => ({ approvalId: real ? fixture.approvalId : 'no-such-approval', batchId: fixture.batchId }),
      ],
      [
        'user.status',
        (real) => ({ email: real ? fixture.email : 'nobody@example.com', batchId: fixture.batchId }),
      ],
      [
        'notice.ack',
        (real) => ({
          noticeId: real ? fixture.noticeId : `${fixture.batchId}:reset:x@example.com`,
          answer: 'done',
        }),
      ],
    ];
    for (const who of ['nobody', 'elsewhere'] as const) {
      for (const [verb, data] of pairs) {
        const real = await invoke(verb, data(true), who);
        const fake = await invoke(verb, data(false), who);
        expect(fake.raw, `${verb} by ${who}`).toEqual(real.raw);
        expect(isRefusal(real), `${verb} by ${who}`).toBe(true);
      }
      for (const words of ['batch status', 'batch remove', 'audit']) {
        const real = await say(`${words} Base`, who);
        const fake = await say(`${words} NoSuchBatch`, who);
        expect(cardText(fake.card).replace('NoSuchBatch', 'Base'), `${words} by ${who}`).toEqual(
          cardText(real.card),
        );
        expect(cardText(real.card)).not.toContain(fixture.email);
      }
    }
    // By name, without --tenant, in a tenant where the caller has the role: the batch itself.
    const seen = await say('batch status Base', 'viewer');
    expectValidCard(seen.card);
    expect(cardText(seen.card)).toContain('Base');
    expect(isRefusal(seen)).toBe(false);
    const refused = await say('batch remove Base', 'viewer');
    expect(cardText(refused.card)).toBe(
      'Not allowed\nYou need the operator role in northwind to remove a batch.',
    );
  }, 60_000);

  it("an outsider's refusal is logged (actor, verb, tenant), not written to the tenant's audit trail", async () => {
    const audit = async () => (await readAll(repos().audit, {})).length;
    const before = await audit();
    const from = logs.length;
    await invoke(
      'approval.approve',
      { approvalId: fixture.approvalId, batchId: fixture.batchId, version: 1 },
      'nobody',
    );
    await invoke(
      'runbook.check',
      {
        tenantId: 'northwind',
        runbookId: 'cross-tenant-setup',
        stepId: fixture.stepId,
        done: true,
        version: 0,
      },
      'elsewhere',
    );
    await say('batch remove Base --tenant northwind', 'nobody');
    expect(await audit()).toBe(before);
    const warned = logs.slice(from).filter((l) => l.level === 40 && l.tenant === 'northwind');
    expect(warned.map((l) => [l.actor, l.verb])).toEqual([
      [CALLERS.nobody.aadObjectId, 'approval.approve'],
      [CALLERS.elsewhere.aadObjectId, 'runbook.check'],
      [CALLERS.nobody.aadObjectId, 'batch.remove'],
    ]);
  });

  it('every caller the table allows gets past the check (no refusal, no server error)', async () => {
    const wrong: string[] = [];
    for (const verb of CARD_VERBS) {
      for (const who of CALLER_NAMES) {
        const { rule, data } = VERBS[verb];
        if (!allowed(rule, who)) continue;
        const answer = await invoke(verb, await data(fixture, who), who);
        if (isRefusal(answer) || answer.status >= 500)
          wrong.push(`${verb} by ${who}: ${JSON.stringify(answer.raw).slice(0, 200)}`);
        if (answer.card) expectValidCard(answer.card);
      }
    }
    for (const key of Object.keys(COMMAND_CASES) as CommandKey[]) {
      for (const who of CALLER_NAMES) {
        const { rule, text } = COMMAND_CASES[key];
        if (!allowed(rule, who)) continue;
        const answer = await say(text(fixture, who), who);
        if (isRefusal(answer) || answer.status >= 500)
          wrong.push(`${key} by ${who}: ${JSON.stringify(answer.raw).slice(0, 200)}`);
        // The report card draws Teams charts: it is checked against the schema extended with them.
        if (answer.card) (key === 'report' ? expectValidChartCard : expectValidCard)(answer.card);
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);
});
