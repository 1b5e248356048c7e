// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Adaptive Card template expressions on purpose
import { describe, expect, it } from 'vitest';
import { CARD_VERBS } from '../../cards/verbs';
import { type RunbookCardData, type RunbookCardStepState, runbookCard } from '../../cards/runbook';
import { RUNBOOK_IDS, RUNBOOKS, type RunbookId } from '../../services/runbooks/definitions';
import { CARD_SIZE_LIMIT, expectValidCard } from '../support/card-schema';
import { actionByTitle, actionTitles, executeActions, facts, ofType, texts } from './card-query';

const ADELE = { id: 'op-1', name: 'Adele Vance' };

function runbook(runbookId: RunbookId, overrides: Partial<RunbookCardData> = {}): RunbookCardData {
  return {
    tenantId: 'fabrikam',
    tenantName: 'Fabrikam',
    definition: RUNBOOKS[runbookId],
    state: { version: 3, steps: {} },
    canOperate: true,
    ...overrides,
  };
}

/** Every step done by someone, verified where it can be, with long details: the largest card. */
function everythingDone(runbookId: RunbookId): RunbookCardData {
  const steps: Record<string, RunbookCardStepState> = {};
  for (const step of RUNBOOKS[runbookId].steps) {
    steps[step.id] = {
      done: true,
      by: { id: 'x', name: 'N'.repeat(300) },
      at: '2026-11-20T09:00:00Z',
      note: step.verify ? 'verified by Cutover' : undefined,
      verified: step.verify ? { ok: true, detail: 'D'.repeat(2_000), at: '2026-11-20T09:00:00Z' } : undefined,
    };
  }
  return runbook(runbookId, { state: { version: 99, steps } });
}

describe('runbook card', () => {
  it("offers a step's download to operators as a link button under the steps, never to viewers", () => {
    const downloads = {
      'convert-to-meu': {
        title: 'MEU conversion addresses (CSV)',
        url: 'https://bot.example/exports/meu?t=abc',
      },
    };
    const card = runbookCard(runbook('staged', { downloads }));
    expectValidCard(card);
    const links = JSON.stringify(card.actions);
    expect(links).toContain(
      '"type":"Action.OpenUrl","title":"MEU conversion addresses (CSV)","url":"https://bot.example/exports/meu?t=abc"',
    );
    const viewer = runbookCard(runbook('staged', { downloads, canOperate: false }));
    expectValidCard(viewer);
    expect(JSON.stringify(viewer)).not.toContain('/exports/meu');
    // A download for a step the runbook does not have is not shown.
    const other = runbookCard(runbook('hosted', { downloads }));
    expect(JSON.stringify(other)).not.toContain('/exports/meu');
  });

  it('shows the title, tenant, scenario, progress and one section per phase', () => {
    const card = runbookCard(
      runbook('tenant-to-tenant', {
        state: {
          version: 3,
          steps: {
            'target-licences': { done: true, by: ADELE, at: '2026-11-06T10:15:00Z' },
            'admin-accounts': {
              done: false,
              by: { id: 'op-2', name: 'Alex Wilber' },
              at: '2026-11-07T08:00:00Z',
            },
          },
        },
      }),
    );
    expectValidCard(card);
    const shown = texts(card);
    expect(shown[0]).toBe('Runbook: Tenant to tenant with a third-party tool');
    expect(facts(card)[0]).toEqual({ Tenant: 'Fabrikam', Scenario: 'third-party' });
    const total = RUNBOOKS['tenant-to-tenant'].steps.length;
    expect(shown).toContain(`1 of ${total} done`);
    expect(shown).toContain('Two weeks before · 1 of 4 done');
    expect(shown).toContain('Three days before · 0 of 4 done');
    expect(shown.filter((t) => /^(Migration day|After) · /.test(t))).toHaveLength(2);
    expect(shown).toContain('Done by Adele Vance · 2026-11-06 10:15 UTC');
    expect(shown).toContain('Reopened by Alex Wilber · 2026-11-07 08:00 UTC');
    expect(shown.filter((t) => t === '✓ Done')).toHaveLength(1);
    expect(shown.filter((t) => t === '○ Open')).toHaveLength(total - 1);
    for (const step of RUNBOOKS['tenant-to-tenant'].steps) expect(shown).toContain(step.text);
    expect(shown.join('\n')).toMatch(/500 users/);
  });

  it('orders steps by phase and shows the notes', () => {
    const card = runbookCard(runbook('hoster-tenant'));
    expectValidCard(card);
    const shown = texts(card);
    const afterwards = shown.findIndex((t) => t.startsWith('Afterwards · '));
    const uninstall = shown.indexOf(RUNBOOKS['hoster-tenant'].steps.at(-1)!.text);
    expect(afterwards).toBeGreaterThan(0);
    expect(uninstall).toBeGreaterThan(afterwards);
    expect(shown).toContain(RUNBOOKS['hoster-tenant'].notes[0]);
  });

  it('gives operators Done or Reopen per step, and Verify where Cutover can check', () => {
    const card = runbookCard(
      runbook('cross-tenant-setup', {
        state: {
          version: 7,
          steps: { 'migration-app': { done: true, by: ADELE, at: '2026-11-20T09:00:00Z' } },
        },
      }),
    );
    expectValidCard(card);
    const definition = RUNBOOKS['cross-tenant-setup'];
    const checks = executeActions(card).filter((a) => a.verb === 'runbook.check');
    expect(checks).toHaveLength(definition.steps.length);
    expect(checks[0]).toEqual({
      type: 'Action.Execute',
      title: 'Reopen',
      verb: 'runbook.check',
      data: {
        tenantId: 'fabrikam',
        runbookId: 'cross-tenant-setup',
        stepId: 'migration-app',
        version: 7,
        done: false,
      },
    });
    expect(checks[1]).toMatchObject({
      title: 'Done',
      style: 'positive',
      data: { stepId: 'migration-endpoint', done: true, version: 7 },
    });
    const verifies = executeActions(card).filter((a) => a.verb === 'runbook.verify');
    expect(verifies.map((a) => (a.data as { stepId: string }).stepId)).toEqual([
      'migration-endpoint',
      'target-organization-relationship',
      'source-organization-relationship',
    ]);
    expect(verifies[0]).toEqual({
      type: 'Action.Execute',
      title: 'Verify',
      verb: 'runbook.verify',
      data: {
        tenantId: 'fabrikam',
        runbookId: 'cross-tenant-setup',
        stepId: 'migration-endpoint',
        version: 7,
      },
    });
    expect(actionByTitle(card, 'Refresh')).toMatchObject({
      verb: 'runbook.show',
      data: { tenantId: 'fabrikam', runbookId: 'cross-tenant-setup' },
    });
    for (const verb of ['runbook.show', 'runbook.check', 'runbook.verify'])
      expect(CARD_VERBS).toContain(verb);
  });

  it('shows viewers the state without step buttons', () => {
    const card = runbookCard(runbook('cross-tenant-setup', { canOperate: false }));
    expectValidCard(card);
    expect(actionTitles(card)).toEqual(['Refresh']);
    expect(texts(card).filter((t) => t === '○ Open')).toHaveLength(
      RUNBOOKS['cross-tenant-setup'].steps.length,
    );
  });

  it("shows Cutover's checks, good or failed, and a step verified by Cutover", () => {
    const card = runbookCard(
      runbook('cross-tenant-setup', {
        state: {
          version: 4,
          steps: {
            'migration-endpoint': {
              done: true,
              by: ADELE,
              at: '2026-11-20T09:00:00Z',
              note: 'verified by Cutover',
              verified: {
                ok: true,
                detail: 'Fabrikam-CrossTenant answered the test.',
                at: '2026-11-20T09:00:00Z',
              },
            },
            'target-organization-relationship': {
              done: false,
              verified: { ok: false, detail: 'Mailbox moves are not enabled.', at: '2026-11-20T09:05:00Z' },
            },
          },
        },
      }),
    );
    expectValidCard(card);
    const shown = texts(card);
    expect(shown).toContain('Done by Adele Vance (verified by Cutover) · 2026-11-20 09:00 UTC');
    expect(shown).toContain(
      'Checked by Cutover: Fabrikam-CrossTenant answered the test. · 2026-11-20 09:00 UTC',
    );
    expect(shown).toContain('Checked by Cutover: Mailbox moves are not enabled. · 2026-11-20 09:05 UTC');
    const checks = ofType(card, 'TextBlock').filter((b) => String(b.text).startsWith('Checked by Cutover:'));
    expect(checks.map((b) => b.color)).toEqual(['good', 'attention']);
  });

  it('shows a notice and keeps user text literal', () => {
    const card = runbookCard(
      runbook('staged', {
        tenantName: '${tenantName}',
        notice: 'Someone else changed this runbook; here is its current state.',
        state: {
          version: 1,
          steps: { 'csv-ready': { done: true, by: { id: 'x', name: '${name}' }, at: 'not a date' } },
        },
      }),
    );
    expectValidCard(card);
    expect(facts(card)[0]!.Tenant).toBe('${tenantName}');
    expect(texts(card)).toContain('Someone else changed this runbook; here is its current state.');
    expect(texts(card)).toContain('Done by ${name} · not a date');
  });

  it('renders every runbook as a valid card under the size limit, even fully checked', () => {
    for (const id of RUNBOOK_IDS) {
      for (const data of [runbook(id), runbook(id, { canOperate: false }), everythingDone(id)]) {
        const card = runbookCard(data);
        expectValidCard(card);
        expect(JSON.stringify(card).length).toBeLessThan(CARD_SIZE_LIMIT);
      }
      const full = texts(runbookCard(everythingDone(id)));
      const count = RUNBOOKS[id].steps.length;
      expect(full).toContain(`${count} of ${count} done`);
    }
  });
});
