// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings test that template expressions stay literal
import { describe, expect, it } from 'vitest';
import {
  PREFLIGHT_CARD_MAX_CHECKS,
  PREFLIGHT_CARD_MAX_DELEGATE_GROUPS,
  PREFLIGHT_CARD_MAX_USERS,
  type PreflightCardData,
  type PreflightCardFinding,
  preflightCard,
} from '../../cards/preflight';
import type { AdaptiveCard } from '../../cards/types';
import { CARD_VERBS } from '../../cards/verbs';
import { CHECKS } from '../../services/preflight/checks';
import { CARD_SIZE_LIMIT, expectValidCard } from '../support/card-schema';
import { type Node, executeActions, nodes, ofType } from './card-query';

const noMailUser: PreflightCardFinding = {
  title: 'Target MailUser',
  status: 'fail',
  message: 'No MailUser lee@fabrikam.com in Northwind Traders.',
  fix: 'Create a MailUser for this user in the target tenant (New-MailUser) before the move.',
};
const noX500: PreflightCardFinding = {
  title: 'x500 addresses',
  status: 'warning',
  message: 'The MailUser lacks 2 source x500 addresses.',
  fix: 'Add every source x500 as an x500: proxy to the target MailUser.',
};
const slowEndpoint: PreflightCardFinding = {
  title: 'Migration endpoint',
  status: 'warning',
  message: 'The endpoint answered in 9 seconds.',
  fix: 'Check the migration endpoint with Test-MigrationServerAvailability.',
};
const noRelationship: PreflightCardFinding = {
  title: 'Target organization relationship',
  status: 'fail',
  message: 'The target has no organization relationship for contoso.onmicrosoft.com.',
  fix: 'Create it with New-OrganizationRelationship.',
};

function preflight(overrides: Partial<PreflightCardData> = {}): PreflightCardData {
  return {
    batchId: 'batch-7f3a',
    batchName: 'Sales wave 1',
    tenantName: 'Northwind Traders',
    scenario: 'cross-tenant',
    state: 'done',
    ranBy: 'Adele Vance',
    startedAt: '2026-11-22T18:00:00Z',
    finishedAt: '2026-11-22T18:02:00Z',
    userCount: 20,
    counts: { pass: 18, warning: 1, fail: 1 },
    checks: [
      { title: 'x500 addresses', warning: 1, fail: 0 },
      { title: 'Batch size', warning: 0, fail: 0 },
      { title: 'Target MailUser', warning: 0, fail: 1 },
    ],
    batchFindings: [],
    users: [
      { email: 'ann@fabrikam.com', status: 'warning', findings: [noX500] },
      { email: 'lee@fabrikam.com', status: 'fail', findings: [noMailUser] },
    ],
    delegates: [],
    startBlocked: false,
    exportUrl: 'https://cutover.example.com/api/preflight/batch-7f3a.csv',
    canRun: true,
    ...overrides,
  };
}

/** The text of every TextBlock and RichTextBlock (runs joined), in document order. */
function lines(card: AdaptiveCard): string[] {
  return nodes(card).flatMap((node) => {
    if (node.type === 'TextBlock') return [String(node.text)];
    if (node.type === 'RichTextBlock') return [(node.inlines as Node[]).map((run) => run.text).join('')];
    return [];
  });
}

/** The block (TextBlock or RichTextBlock) whose text is exactly `text`. */
function blockOf(card: AdaptiveCard, text: string): Node {
  const block = nodes(card).find((node) =>
    node.type === 'RichTextBlock'
      ? (node.inlines as Node[]).map((run) => run.text).join('') === text
      : node.type === 'TextBlock' && node.text === text,
  );
  if (block === undefined) throw new Error(`No text "${text}"; texts: ${lines(card).join(' | ')}`);
  return block;
}

/** The colour of each run of a RichTextBlock, by its text. */
function runColors(card: AdaptiveCard, text: string): Record<string, unknown> {
  const runs = blockOf(card, text).inlines as Node[];
  return Object.fromEntries(runs.map((run) => [String(run.text).trim(), run.color ?? 'default']));
}

function buttons(card: AdaptiveCard): Node[] {
  return (card.actions ?? []) as Node[];
}

describe('preflightCard', () => {
  it('summarises a finished run: headline, checks worst first, users worst first, buttons', () => {
    const card = preflightCard(preflight());
    expectValidCard(card);
    expect(lines(card)).toEqual([
      'Preflight: Sales wave 1',
      'Northwind Traders · cross-tenant · run by Adele Vance, 2026-11-22 18:00 UTC',
      '18 passed · 1 with warnings · 1 failing',
      'By check',
      'Target MailUser — 1 failing — 0 warnings',
      'x500 addresses — 0 failing — 1 warning',
      'Users with findings (2)',
      'lee@fabrikam.com · Failing',
      'No MailUser lee@fabrikam.com in Northwind Traders. Fix: Create a MailUser for this user in the target tenant (New-MailUser) before the move.',
      'ann@fabrikam.com · Warning',
      'The MailUser lacks 2 source x500 addresses. Fix: Add every source x500 as an x500: proxy to the target MailUser.',
    ]);
    expect(buttons(card)).toEqual([
      { type: 'Action.Execute', title: 'Run again', verb: 'preflight.run', data: { batchId: 'batch-7f3a' } },
      {
        type: 'Action.OpenUrl',
        title: 'Download report (CSV)',
        url: 'https://cutover.example.com/api/preflight/batch-7f3a.csv',
      },
    ]);
  });

  it('colours statuses and the counts of each check', () => {
    const card = preflightCard(preflight());
    expect(runColors(card, 'lee@fabrikam.com · Failing')).toEqual({
      'lee@fabrikam.com': 'default',
      '· Failing': 'attention',
    });
    expect(runColors(card, 'ann@fabrikam.com · Warning')['· Warning']).toBe('warning');
    expect(runColors(card, 'Target MailUser — 1 failing — 0 warnings')).toEqual({
      'Target MailUser': 'default',
      '— 1 failing': 'attention',
      '— 0 warnings': 'default',
    });
    expect(runColors(card, 'x500 addresses — 0 failing — 1 warning')['— 1 warning']).toBe('warning');
    const fix = (blockOf(card, lines(card)[8]!).inlines as Node[])[1]!;
    expect(fix).toMatchObject({
      text: ' Fix: Create a MailUser for this user in the target tenant (New-MailUser) before the move.',
      isSubtle: true,
    });
  });

  it.each([
    ['a failing user', { counts: { pass: 18, warning: 1, fail: 1 } }, 'attention'],
    [
      'a failing batch finding',
      { counts: { pass: 20, warning: 0, fail: 0 }, users: [], batchFindings: [noRelationship] },
      'attention',
    ],
    ['warnings only', { counts: { pass: 19, warning: 1, fail: 0 } }, 'warning'],
    [
      'a batch warning only',
      { counts: { pass: 20, warning: 0, fail: 0 }, users: [], batchFindings: [slowEndpoint] },
      'warning',
    ],
    ['all passed', { counts: { pass: 20, warning: 0, fail: 0 }, users: [], checks: [] }, 'good'],
  ] satisfies [string, Partial<PreflightCardData>, string][])(
    'colours the headline for %s',
    (_name, overrides, color) => {
      const card = preflightCard(preflight(overrides));
      expectValidCard(card);
      expect(blockOf(card, lines(card)[2]!).color).toBe(color);
    },
  );

  it('shows the blocked banner with the commands to run', () => {
    const card = preflightCard(preflight({ startBlocked: true }));
    expectValidCard(card);
    // Angle brackets would be dropped by Teams as HTML, so the placeholder uses look-alikes.
    const banner =
      'Start blocked: fix the failing users and run `batch preflight Sales wave 1` again, or an admin can ' +
      'start anyway with `batch start Sales wave 1 --override "‹reason›"`.';
    expect(lines(card)[3]).toBe(banner);
    const container = ofType(card, 'Container').find((c) => (c.items as Node[])[0]?.text === banner);
    expect(container?.style).toBe('attention');
    expect(lines(preflightCard(preflight()))).not.toContain(banner);
  });

  it('shows who started anyway, when and why', () => {
    const card = preflightCard(
      preflight({
        override: {
          by: 'Megan Bowen',
          at: '2026-11-22T19:30:00Z',
          reason: 'Lee moves next week; start the rest.',
        },
      }),
    );
    expectValidCard(card);
    expect(lines(card)[3]).toBe(
      'Started anyway by Megan Bowen on 2026-11-22 19:30 UTC: Lee moves next week; start the rest.',
    );
    expect(lines(card).join('\n')).not.toContain('Start blocked');
  });

  it('lists batch findings with their fixes, failures first', () => {
    const card = preflightCard(preflight({ batchFindings: [slowEndpoint, noRelationship] }));
    expectValidCard(card);
    const shown = lines(card);
    const at = shown.indexOf('Batch checks');
    expect(shown.slice(at, at + 7)).toEqual([
      'Batch checks',
      'Target organization relationship · Failing',
      'The target has no organization relationship for contoso.onmicrosoft.com.',
      'Fix: Create it with New-OrganizationRelationship.',
      'Migration endpoint · Warning',
      'The endpoint answered in 9 seconds.',
      'Fix: Check the migration endpoint with Test-MigrationServerAvailability.',
    ]);
    expect(shown.indexOf('By check')).toBeGreaterThan(at);
    expect(runColors(card, 'Migration endpoint · Warning')['· Warning']).toBe('warning');
  });

  it('sorts checks by failures, then warnings, leaves out clean ones, and caps the rows', () => {
    const checks = [
      { title: 'A', warning: 5, fail: 0 },
      { title: 'B', warning: 0, fail: 2 },
      { title: 'C', warning: 3, fail: 2 },
      { title: 'D', warning: 0, fail: 0 },
      ...Array.from({ length: 20 }, (_, i) => ({ title: `W${i + 1}`, warning: 1, fail: 0 })),
    ];
    const shown = lines(preflightCard(preflight({ checks })));
    const rows = shown.filter((line) => / — \d+ failing — /.test(line));
    expect(rows).toHaveLength(PREFLIGHT_CARD_MAX_CHECKS);
    expect(rows.slice(0, 4)).toEqual([
      'C — 2 failing — 3 warnings',
      'B — 2 failing — 0 warnings',
      'A — 0 failing — 5 warnings',
      'W1 — 0 failing — 1 warning',
    ]);
    expect(shown.join('\n')).not.toContain('D — ');
    expect(shown).toContain('…and 11 more.');
  });

  it('caps users at 15 and findings at 3 per user, failures first, and points to the report', () => {
    const findings = [
      noX500,
      noMailUser,
      { ...noMailUser, message: 'Second.' },
      { ...noX500, message: 'Third.' },
      noX500,
    ];
    const users = Array.from({ length: 40 }, (_, i) => ({
      email: `user${i + 1}@fabrikam.com`,
      status: 'fail' as const,
      findings,
    }));
    const card = preflightCard(preflight({ users, counts: { pass: 0, warning: 0, fail: 40 } }));
    expectValidCard(card);
    const shown = lines(card);
    expect(shown).toContain('Users with findings (40)');
    expect(shown.filter((line) => line.endsWith(' · Failing'))).toHaveLength(PREFLIGHT_CARD_MAX_USERS);
    expect(shown).toContain('user15@fabrikam.com · Failing');
    expect(shown).not.toContain('user16@fabrikam.com · Failing');
    expect(shown).toContain('…and 25 more (download the report for all).');
    const first = shown.indexOf('user1@fabrikam.com · Failing');
    expect(shown.slice(first + 1, first + 5)).toEqual([
      `${noMailUser.message} Fix: ${noMailUser.fix}`,
      'Second. Fix: as above (Target MailUser).',
      `${noX500.message} Fix: ${noX500.fix}`,
      '+2 more',
    ]);
    const second = shown.indexOf('user2@fabrikam.com · Failing');
    expect(shown[second + 1]).toBe(`${noMailUser.message} Fix: as above (Target MailUser).`);
  });

  it('puts failing users before users with warnings', () => {
    const shown = lines(
      preflightCard(
        preflight({
          users: [
            { email: 'w1@fabrikam.com', status: 'warning', findings: [noX500] },
            { email: 'f1@fabrikam.com', status: 'fail', findings: [noMailUser] },
            { email: 'w2@fabrikam.com', status: 'warning', findings: [noX500] },
            { email: 'f2@fabrikam.com', status: 'fail', findings: [noMailUser] },
          ],
        }),
      ),
    );
    const order = shown.filter((line) => /^[fw]\d@/.test(line)).map((line) => line.split(' ')[0]);
    expect(order).toEqual(['f1@fabrikam.com', 'f2@fabrikam.com', 'w1@fabrikam.com', 'w2@fabrikam.com']);
  });

  it('lists mailboxes to move together, where each is, and the permissions that link them', () => {
    const card = preflightCard(
      preflight({
        delegates: [
          {
            members: [
              { email: 'ann@fabrikam.com', batchName: 'Sales wave 1' },
              { email: 'bob@fabrikam.com', batchName: 'Sales wave 2' },
              { email: 'cy@fabrikam.com' },
            ],
            links: [
              'ann@fabrikam.com grants FullAccess to bob@fabrikam.com',
              'cy@fabrikam.com grants SendAs to ann@fabrikam.com',
            ],
          },
        ],
      }),
    );
    expectValidCard(card);
    const shown = lines(card);
    const at = shown.indexOf('Delegates');
    expect(shown.slice(at)).toEqual([
      'Delegates',
      'These mailboxes share permissions, so move each group in one batch. Cross-tenant moves do not keep ' +
        'mailbox permissions: grant them again in the target tenant.',
      'Move together:',
      'ann@fabrikam.com · this batch',
      'bob@fabrikam.com · batch Sales wave 2',
      'cy@fabrikam.com · in no batch',
      'ann@fabrikam.com grants FullAccess to bob@fabrikam.com',
      'cy@fabrikam.com grants SendAs to ann@fabrikam.com',
    ]);
    expect(blockOf(card, 'cy@fabrikam.com grants SendAs to ann@fabrikam.com')).toMatchObject({
      size: 'small',
      isSubtle: true,
    });
    expect(lines(preflightCard(preflight()))).not.toContain('Delegates');
  });

  it('caps delegate groups, and members and links within a group', () => {
    const group = {
      members: Array.from({ length: 9 }, (_, i) => ({ email: `m${i + 1}@fabrikam.com` })),
      links: Array.from(
        { length: 7 },
        (_, i) => `m${i + 1}@fabrikam.com grants FullAccess to m${i + 2}@fabrikam.com`,
      ),
    };
    const card = preflightCard(preflight({ delegates: Array.from({ length: 8 }, () => group) }));
    expectValidCard(card);
    const shown = lines(card);
    expect(shown.filter((line) => line === 'Move together:')).toHaveLength(
      PREFLIGHT_CARD_MAX_DELEGATE_GROUPS,
    );
    expect(shown.filter((line) => line === 'm1@fabrikam.com · in no batch')).toHaveLength(5);
    expect(shown).not.toContain('m7@fabrikam.com · in no batch');
    expect(shown.filter((line) => line === '…and 3 more.')).toHaveLength(5);
    expect(shown.filter((line) => line === '…and 4 more.')).toHaveLength(5);
    expect(shown).toContain('…and 3 more (download the report for all).');
  });

  it('says it is checking while running, and nothing else', () => {
    const card = preflightCard(preflight({ state: 'running', startBlocked: true, finishedAt: undefined }));
    expectValidCard(card);
    expect(lines(card)).toEqual([
      'Preflight: Sales wave 1',
      'Northwind Traders · cross-tenant · run by Adele Vance, 2026-11-22 18:00 UTC',
      'Checking 20 users…',
    ]);
    expect(buttons(card)).toEqual([]);
    expect(lines(preflightCard(preflight({ state: 'running', userCount: 1 })))[2]).toBe('Checking 1 user…');
  });

  it('shows why a run could not finish, in attention colour, with Run again', () => {
    const card = preflightCard(
      preflight({ state: 'error', error: 'Exchange Online did not answer (503).', finishedAt: undefined }),
    );
    expectValidCard(card);
    const error = 'The checks could not finish: Exchange Online did not answer (503).';
    expect(lines(card)).toEqual([
      'Preflight: Sales wave 1',
      'Northwind Traders · cross-tenant · run by Adele Vance, 2026-11-22 18:00 UTC',
      error,
    ]);
    expect(blockOf(card, error).color).toBe('attention');
    expect(buttons(card).map((b) => b.title)).toEqual(['Run again']);
    expect(lines(preflightCard(preflight({ state: 'error', error: undefined })))[2]).toBe(
      'The checks could not finish.',
    );
  });

  it.each([
    ['done, may run', { canRun: true }, ['Run again', 'Download report (CSV)']],
    ['done, may not run', { canRun: false }, ['Download report (CSV)']],
    ['done, no report', { canRun: true, exportUrl: undefined }, ['Run again']],
    ['done, neither', { canRun: false, exportUrl: undefined }, []],
    ['running', { state: 'running' }, []],
    ['error, may run', { state: 'error', error: 'Boom.' }, ['Run again']],
    ['error, may not run', { state: 'error', error: 'Boom.', canRun: false }, []],
  ] as const)('offers the buttons for %s', (_name, overrides, titles) => {
    const card = preflightCard(preflight(overrides));
    expectValidCard(card);
    expect(buttons(card).map((b) => b.title)).toEqual(titles);
    for (const action of executeActions(card)) {
      expect(action).toEqual({
        type: 'Action.Execute',
        title: 'Run again',
        verb: 'preflight.run',
        data: { batchId: 'batch-7f3a' },
      });
    }
  });

  it('has preflight.run in the verb table', () => {
    expect(CARD_VERBS).toContain('preflight.run');
  });

  it('keeps fixes whole on a 2,000-user card with the real check fixes', () => {
    const fixes = Object.entries(CHECKS).map(([, check]) => check);
    const users = Array.from({ length: 2_000 }, (_, i) => ({
      email: `firstname.lastname${i + 1}@fabrikam.example.com`,
      status: 'fail' as const,
      findings: fixes.slice(i % 15, (i % 15) + 5).map((check) => ({
        title: check.title,
        status: 'fail' as const,
        message: `firstname.lastname${i + 1}@fabrikam.example.com: the source mailbox is on a litigation hold and an eDiscovery hold.`,
        fix: check.fix,
      })),
    }));
    const card = preflightCard(
      preflight({
        userCount: 2_000,
        counts: { pass: 0, warning: 0, fail: 2_000 },
        users,
        checks: fixes.map((check, i) => ({ title: check.title, warning: i, fail: 2_000 - i })),
        batchFindings: [noRelationship, slowEndpoint, { ...slowEndpoint, title: 'Batch size' }],
        delegates: [
          {
            members: [
              { email: 'ann@fabrikam.com', batchName: 'Sales wave 1' },
              { email: 'bob@fabrikam.com' },
            ],
            links: ['ann@fabrikam.com grants FullAccess to bob@fabrikam.com'],
          },
        ],
        startBlocked: true,
      }),
    );
    expectValidCard(card);
    expect(JSON.stringify(card).length).toBeLessThan(CARD_SIZE_LIMIT);
    const shownFixes = lines(card)
      .filter((line) => line.includes(' Fix: '))
      .map((line) => line.slice(line.indexOf(' Fix: ') + 6));
    expect(shownFixes).toHaveLength(PREFLIGHT_CARD_MAX_USERS * 3);
    const whole = new Set(fixes.map((check) => check.fix));
    for (const fix of shownFixes) expect(whole.has(fix) || /^as above \(.+\)\.$/.test(fix)).toBe(true);
    expect(new Set(shownFixes.filter((fix) => whole.has(fix))).size).toBe(17);
  });

  it.each([
    ['English', 'Exchange reported a long explanation. '],
    ['Chinese', '交换服务器报告了很长的说明。'],
    ['emoji', '📨🔒'],
  ])('stays under 40 KB with 2,000 failing users and long %s texts everywhere', (_name, words) => {
    const long = (tag: string) => `${tag}${words.repeat(6_000 / words.length)}`;
    const findings = Array.from({ length: 50 }, (_, i) => ({
      title: long(`title ${i} `),
      status: 'fail' as const,
      message: long(`message ${i} `),
      fix: long(`fix ${i} `),
    }));
    const card = preflightCard(
      preflight({
        batchName: 'Sales wave 1',
        tenantName: long('tenant '),
        scenario: long('scenario '),
        ranBy: long('ran by '),
        userCount: 2_000,
        counts: { pass: 0, warning: 0, fail: 2_000 },
        checks: Array.from({ length: 30 }, (_, i) => ({
          title: long(`check ${i} `),
          warning: i,
          fail: 2_000,
        })),
        batchFindings: findings.slice(0, 20),
        users: Array.from({ length: 2_000 }, (_, i) => ({
          email: `${long('')}${i}@fabrikam.com`,
          status: 'fail' as const,
          findings: Array.from({ length: 10 }, (_, j) => findings[(i * 10 + j) % findings.length]!),
        })),
        delegates: Array.from({ length: 50 }, (_, i) => ({
          members: Array.from({ length: 50 }, (_, j) => ({
            email: `${long('')}${j}@x.com`,
            batchName: long(`b${i}`),
          })),
          links: Array.from({ length: 50 }, (_, j) => long(`link ${j} `)),
        })),
        startBlocked: true,
        override: { by: long('by '), at: '2026-11-22T19:30:00Z', reason: long('reason ') },
        error: long('error '),
      }),
    );
    expectValidCard(card);
    expect(JSON.stringify(card).length).toBeLessThan(CARD_SIZE_LIMIT);
    const shown = lines(card);
    expect(shown.filter((line) => line.endsWith(' · Failing'))).toHaveLength(
      PREFLIGHT_CARD_MAX_USERS + 6, // and the batch findings
    );
    expect(shown).toContain('…and 1,985 more (download the report for all).');
    expect(shown).toContain('…and 14 more.'); // batch findings
    expect(shown).toContain('…and 18 more.'); // checks
    expect(shown).toContain('…and 45 more (download the report for all).'); // delegate groups
  });

  it('stays under 40 KB of UTF-8 with long English texts', () => {
    const long = 'Exchange reported a long explanation. '.repeat(100);
    const finding: PreflightCardFinding = { title: long, status: 'fail', message: long, fix: long };
    const card = preflightCard(
      preflight({
        checks: Array.from({ length: 30 }, () => ({ title: long, warning: 1, fail: 1 })),
        batchFindings: Array(20).fill(finding),
        users: Array.from({ length: 2_000 }, (_, i) => ({
          email: `${long}${i}`,
          status: 'fail' as const,
          findings: Array(10).fill(finding),
        })),
        delegates: Array(50).fill({
          members: Array(50).fill({ email: long, batchName: long }),
          links: Array(50).fill(long),
        }),
        override: { by: long, at: '2026-11-22T19:30:00Z', reason: long },
      }),
    );
    expectValidCard(card);
    expect(new TextEncoder().encode(JSON.stringify(card)).length).toBeLessThan(CARD_SIZE_LIMIT);
  });

  it('shows template expressions in user text literally', () => {
    const expr = (s: string) => `\${${s}} \${json($root)}`;
    const card = preflightCard(
      preflight({
        tenantName: expr('tenantName'),
        ranBy: expr('ranBy'),
        checks: [{ title: expr('title'), warning: 1, fail: 1 }],
        batchFindings: [{ title: expr('title'), status: 'fail', message: expr('message'), fix: expr('fix') }],
        users: [
          {
            email: '${email}@fabrikam.com',
            status: 'fail',
            findings: [{ title: expr('title'), status: 'fail', message: expr('message'), fix: expr('fix') }],
          },
        ],
        delegates: [
          { members: [{ email: '${email}@x.com', batchName: expr('batchName') }], links: [expr('links')] },
        ],
        override: { by: expr('by'), at: '2026-11-22T19:30:00Z', reason: expr('reason') },
        startBlocked: true,
      }),
    );
    expectValidCard(card);
    const shown = lines(card);
    expect(shown).toContain(
      '${tenantName} ${json($root)} · cross-tenant · run by ${ranBy} ${json($root)}, 2026-11-22 18:00 UTC',
    );
    expect(shown).toContain('${title} ${json($root)} — 1 failing — 1 warning');
    expect(shown).toContain('${title} ${json($root)} · Failing');
    expect(shown).toContain('${message} ${json($root)}');
    expect(shown).toContain('Fix: ${fix} ${json($root)}');
    expect(shown).toContain('${email}@fabrikam.com · Failing');
    expect(shown).toContain('${message} ${json($root)} Fix: ${fix} ${json($root)}');
    expect(shown).toContain('${email}@x.com · batch ${batchName} ${json($root)}');
    expect(shown).toContain('${links} ${json($root)}');
    expect(shown).toContain(
      'Started anyway by ${by} ${json($root)} on 2026-11-22 19:30 UTC: ${reason} ${json($root)}',
    );
  });
});
