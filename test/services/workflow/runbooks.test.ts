import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import type { AuditEvent } from '../../../services/model/audit';
import { runbookDocId } from '../../../services/model/runbook';
import { SCENARIOS } from '../../../services/model/statuses';
import {
  RUNBOOK_IDS,
  RUNBOOKS,
  STEP_CHECKS,
  runbookDefinition,
  runbooksForScenario,
} from '../../../services/runbooks/definitions';
import { readAll } from '../../../services/store/document-store';
import { createLocalFileStore } from '../../../services/store/local-file-store';
import { repositories } from '../../../services/store/repositories';
import {
  type RunbookContext,
  type StepVerifier,
  VERIFIED_NOTE,
  checkStep,
  doneCount,
  verifyStep,
  viewRunbook,
} from '../../../services/workflow/runbooks';

const OPERATOR = { id: 'op-1', name: 'Adele Vance' };
const OTHER_OPERATOR = { id: 'op-2', name: 'Alex Wilber' };
const VIEWER = { id: 'viewer-1', name: 'Lee Gu' };
const STRANGER = { id: 'nobody', name: 'Nobody' };

const TENANTS = parseTenantsFile({
  roles: { operator: [OTHER_OPERATOR.id] },
  tenants: [
    {
      id: 'fabrikam',
      displayName: 'Fabrikam',
      scenarios: ['cross-tenant', 'third-party'],
      connection: {
        endpointUrl: 'embedded',
        tenant: 'fabrikam.onmicrosoft.com',
        credential: { kind: 'static', token: 'local-simulator' },
      },
      migrationEndpoint: 'Fabrikam-CrossTenant',
      targetDeliveryDomain: 'fabrikam.onmicrosoft.com',
      roles: { operator: [OPERATOR.id], viewer: [VIEWER.id] },
      approval: { actions: [] },
    },
  ],
});

async function setup(start = '2026-11-20T09:00:00Z') {
  const dir = await mkdtemp(path.join(tmpdir(), 'cutover-runbooks-'));
  const store = createLocalFileStore(dir);
  await store.init();
  let now = new Date(start);
  const ctx: RunbookContext = {
    repos: repositories(store),
    tenants: TENANTS,
    tenant: (id) => TENANTS.tenants.find((t) => t.id === id),
    now: () => now,
    log: pino({ level: 'silent' }),
  };
  const audit = async (): Promise<AuditEvent[]> =>
    readAll(ctx.repos.audit, { pk: 'tenant:fabrikam', orderBy: { field: 'at' } });
  return {
    ctx,
    audit,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

const T2T = { tenantId: 'fabrikam', runbookId: 'tenant-to-tenant' };

describe('runbook definitions', () => {
  it('has unique, kebab-case step ids and unique texts in every runbook', () => {
    const texts = new Set<string>();
    for (const id of RUNBOOK_IDS) {
      const definition = RUNBOOKS[id];
      expect(definition.id).toBe(id);
      const ids = definition.steps.map((s) => s.id);
      expect(new Set(ids).size, `${id}: duplicate step ids`).toBe(ids.length);
      for (const step of definition.steps) {
        expect(step.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(definition.phases, `${id}/${step.id}: unknown phase`).toContain(step.phase);
        expect(step.text.length).toBeGreaterThan(20);
        expect(texts.has(step.text), `${id}/${step.id}: text used twice`).toBe(false);
        texts.add(step.text);
        if (step.verify !== undefined) expect(STEP_CHECKS).toContain(step.verify);
      }
      for (const phase of definition.phases) {
        expect(
          definition.steps.some((s) => s.phase === phase),
          `${id}: empty phase ${phase}`,
        ).toBe(true);
      }
    }
  });

  it('marks only the endpoint and organization relationship steps as verifiable', () => {
    const verifiable = RUNBOOK_IDS.flatMap((id) =>
      RUNBOOKS[id].steps.filter((s) => s.verify !== undefined).map((s) => `${id}/${s.id}:${s.verify}`),
    );
    expect(verifiable).toEqual([
      'hoster-tenant/migration-endpoint:endpoint',
      'cross-tenant-setup/migration-endpoint:endpoint',
      'cross-tenant-setup/target-organization-relationship:organization-relationships',
      'cross-tenant-setup/source-organization-relationship:organization-relationships',
    ]);
  });

  it('keeps the timeline phases of the third-party runbook in order', () => {
    expect(RUNBOOKS['tenant-to-tenant'].phases).toEqual([
      'two weeks before',
      'three days before',
      'migration day',
      'after',
    ]);
    expect(RUNBOOKS['hoster-tenant'].phases.at(-1)).toBe('afterwards');
    expect(RUNBOOKS['hoster-tenant'].notes.join(' ')).toMatch(/per tenant/);
  });

  it('maps every scenario to its runbooks', () => {
    expect(runbooksForScenario('cross-tenant')).toEqual(['cross-tenant-setup', 'cross-tenant-after']);
    expect(runbooksForScenario('hybrid')).toEqual(['hoster-tenant']);
    expect(runbooksForScenario('staged')).toEqual(['staged']);
    expect(runbooksForScenario('third-party')).toEqual(['tenant-to-tenant']);
    expect(runbooksForScenario('hosted')).toEqual(['hosted']);
    const covered = SCENARIOS.flatMap((s) => runbooksForScenario(s));
    expect([...covered].sort()).toEqual([...RUNBOOK_IDS].sort());
    for (const s of SCENARIOS) {
      for (const id of runbooksForScenario(s)) expect(RUNBOOKS[id].scenario).toBe(s);
    }
    expect(runbookDefinition('nope')).toBeUndefined();
  });
});

describe('viewRunbook', () => {
  it('reads a runbook never touched as all open, at version 0', async () => {
    const { ctx } = await setup();
    const result = await viewRunbook(ctx, VIEWER, T2T);
    if (!result.ok) throw new Error(result.code);
    expect(result.view.tenantName).toBe('Fabrikam');
    expect(result.view.state.version).toBe(0);
    expect(result.view.canOperate).toBe(false);
    expect(Object.keys(result.view.state.steps)).toEqual(RUNBOOKS['tenant-to-tenant'].steps.map((s) => s.id));
    expect(Object.values(result.view.state.steps).every((s) => !s.done)).toBe(true);
    expect(doneCount(result.view)).toBe(0);
  });

  it('needs the viewer role and a known tenant and runbook', async () => {
    const { ctx } = await setup();
    const forbidden = await viewRunbook(ctx, STRANGER, T2T);
    expect(forbidden).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(forbidden.ok === false && forbidden.view).toBeFalsy();
    expect(await viewRunbook(ctx, VIEWER, { tenantId: 'contoso', runbookId: 'staged' })).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    const unknown = await viewRunbook(ctx, VIEWER, { tenantId: 'fabrikam', runbookId: 'teleport' });
    expect(unknown).toMatchObject({ ok: false, reason: 'not_found' });
    expect(unknown).toMatchObject({ code: 'runbook.unknown', data: { runbookId: 'teleport' } });
  });

  it('tells operators (global or per tenant) that they may change it', async () => {
    const { ctx } = await setup();
    for (const actor of [OPERATOR, OTHER_OPERATOR]) {
      const result = await viewRunbook(ctx, actor, T2T);
      expect(result.ok && result.view.canOperate).toBe(true);
    }
  });
});

describe('checkStep', () => {
  it('checks a step, stores who and when, bumps the version and audits it', async () => {
    const { ctx, audit } = await setup();
    const result = await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'lower-mx-ttl', done: true, version: 0 });
    if (!result.ok) throw new Error(result.code);
    expect(result.view.state.version).toBe(1);
    expect(result.view.state.steps['lower-mx-ttl']).toEqual({
      done: true,
      by: OPERATOR,
      at: '2026-11-20T09:00:00.000Z',
    });
    expect(doneCount(result.view)).toBe(1);

    const stored = await ctx.repos.runbooks.read('fabrikam', runbookDocId('fabrikam', 'tenant-to-tenant'));
    expect(stored).toMatchObject({
      id: 'fabrikam:tenant-to-tenant',
      pk: 'fabrikam',
      type: 'runbook',
      tenantId: 'fabrikam',
      runbookId: 'tenant-to-tenant',
      version: 1,
      steps: { 'lower-mx-ttl': { done: true, by: OPERATOR } },
      updatedAt: '2026-11-20T09:00:00.000Z',
    });

    const events = await audit();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      pk: 'tenant:fabrikam',
      tenantId: 'fabrikam',
      actor: OPERATOR,
      action: 'runbook.check',
      outcome: 'done',
      detail: 'tenant-to-tenant/lower-mx-ttl',
    });
    expect(events[0]!.batchId).toBeUndefined();
  });

  it('reopens a step and audits runbook.uncheck', async () => {
    const { ctx, audit, advance } = await setup();
    await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'dirsync-off', done: true, version: 0 });
    advance(30);
    const result = await checkStep(ctx, OTHER_OPERATOR, {
      ...T2T,
      stepId: 'dirsync-off',
      done: false,
      version: 1,
    });
    if (!result.ok) throw new Error(result.code);
    expect(result.view.state.version).toBe(2);
    expect(result.view.state.steps['dirsync-off']).toEqual({
      done: false,
      by: OTHER_OPERATOR,
      at: '2026-11-20T09:30:00.000Z',
    });
    expect((await audit()).map((e) => `${e.action}:${e.outcome}:${e.detail}`)).toEqual([
      'runbook.check:done:tenant-to-tenant/dirsync-off',
      'runbook.uncheck:done:tenant-to-tenant/dirsync-off',
    ]);
  });

  it('keeps the other steps when one changes', async () => {
    const { ctx } = await setup();
    await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'target-licences', done: true });
    await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'admin-accounts', done: true });
    const view = await viewRunbook(ctx, VIEWER, T2T);
    if (!view.ok) throw new Error(view.code);
    expect(view.view.state.version).toBe(2);
    expect(doneCount(view.view)).toBe(2);
  });

  it('refuses a stale version, changes nothing and returns the current state', async () => {
    const { ctx, audit } = await setup();
    await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'target-licences', done: true, version: 0 });
    // A second click on the card that still shows version 0.
    const stale = await checkStep(ctx, OTHER_OPERATOR, {
      ...T2T,
      stepId: 'admin-accounts',
      done: true,
      version: 0,
    });
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    if (stale.ok) throw new Error('expected a refusal');
    expect(stale.view?.state.version).toBe(1);
    expect(stale.view?.state.steps['target-licences']?.done).toBe(true);
    expect(stale.view?.state.steps['admin-accounts']?.done).toBe(false);

    const stored = await ctx.repos.runbooks.read('fabrikam', 'fabrikam:tenant-to-tenant');
    expect(stored?.version).toBe(1);
    expect(stored?.steps['admin-accounts']).toBeUndefined();
    const events = await audit();
    expect(events.at(-1)).toMatchObject({
      action: 'runbook.check',
      outcome: 'refused',
      actor: OTHER_OPERATOR,
    });
    // Where, and why as a code and its data (the audit card words it).
    expect(events.at(-1)).toMatchObject({
      detail: 'tenant-to-tenant/admin-accounts',
      refusal: { code: 'runbook.stale', data: { title: 'Tenant to tenant with a third-party tool' } },
    });
  });

  it('refuses a version ahead of a runbook never touched', async () => {
    const { ctx } = await setup();
    const stale = await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'switch-mx', done: true, version: 3 });
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    expect(await ctx.repos.runbooks.read('fabrikam', 'fabrikam:tenant-to-tenant')).toBeNull();
  });

  it("forbids viewers and strangers, and audits a viewer's refusal (not a stranger's)", async () => {
    const { ctx, audit } = await setup();
    const viewer = await checkStep(ctx, VIEWER, { ...T2T, stepId: 'switch-mx', done: true, version: 0 });
    expect(viewer).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(viewer).toMatchObject({ code: 'runbook.operator_needed', data: { tenantId: 'fabrikam' } });
    // A viewer gets the runbook back (without buttons); a stranger gets nothing of it.
    expect(viewer.ok === false && viewer.view?.canOperate).toBe(false);
    const stranger = await checkStep(ctx, STRANGER, { ...T2T, stepId: 'switch-mx', done: false });
    expect(stranger).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(stranger.ok === false && stranger.view).toBeUndefined();

    expect(await ctx.repos.runbooks.read('fabrikam', 'fabrikam:tenant-to-tenant')).toBeNull();
    // Someone with no role in the tenant cannot fill its audit trail.
    expect((await audit()).map((e) => `${e.actor.id}:${e.action}:${e.outcome}`)).toEqual([
      'viewer-1:runbook.check:refused',
    ]);
  });

  it('answers not_found for an unknown step or runbook, with a clear message', async () => {
    const { ctx, audit } = await setup();
    const step = await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'warp-drive', done: true });
    expect(step).toMatchObject({ ok: false, reason: 'not_found' });
    expect(step).toMatchObject({
      code: 'runbook.no_step',
      data: { title: 'Tenant to tenant with a third-party tool', stepId: 'warp-drive' },
    });
    const runbook = await checkStep(ctx, OPERATOR, {
      tenantId: 'fabrikam',
      runbookId: 'teleport',
      stepId: 'x',
      done: true,
    });
    expect(runbook).toMatchObject({ ok: false, reason: 'not_found' });
    expect(runbook).toMatchObject({ code: 'runbook.unknown', data: { runbookId: 'teleport' } });
    const tenant = await checkStep(ctx, OPERATOR, {
      tenantId: 'contoso',
      runbookId: 'staged',
      stepId: 'csv-ready',
      done: true,
    });
    expect(tenant).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await audit()).map((e) => `${e.outcome}:${e.detail?.split(':')[0]}`)).toEqual([
      'refused:tenant-to-tenant/warp-drive',
      'refused:teleport/x',
    ]);
  });

  it('leaves a step that is already in the asked state as it is', async () => {
    const { ctx, audit } = await setup();
    await checkStep(ctx, OPERATOR, { ...T2T, stepId: 'switch-mx', done: true });
    const again = await checkStep(ctx, OTHER_OPERATOR, { ...T2T, stepId: 'switch-mx', done: true });
    if (!again.ok) throw new Error(again.code);
    expect(again.view.state.version).toBe(1);
    expect(again.view.state.steps['switch-mx']?.by).toEqual(OPERATOR);
    expect(await audit()).toHaveLength(1);
  });

  it('records each of many concurrent clicks on the same card version once', async () => {
    const { ctx } = await setup();
    const steps = ['target-licences', 'admin-accounts', 'target-objects', 'lower-mx-ttl', 'dirsync-off'];
    const results = await Promise.all(
      steps.map((stepId) => checkStep(ctx, OPERATOR, { ...T2T, stepId, done: true, version: 0 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'stale')).toHaveLength(4);
    // Without a version (a typed command), every change lands.
    const unversioned = await Promise.all(
      steps.map((stepId) => checkStep(ctx, OPERATOR, { ...T2T, stepId, done: true })),
    );
    expect(unversioned.every((r) => r.ok)).toBe(true);
    const view = await viewRunbook(ctx, VIEWER, T2T);
    if (!view.ok) throw new Error(view.code);
    expect(doneCount(view.view)).toBe(5);
    expect(view.view.state.version).toBe(5);
  });
});

describe('verifyStep', () => {
  const SETUP = { tenantId: 'fabrikam', runbookId: 'cross-tenant-setup' };

  function recorder(answer: { ok: boolean; detail: string } | Error) {
    const calls: string[] = [];
    const verifier: StepVerifier = async (check, tenantId) => {
      calls.push(`${check}@${tenantId}`);
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { calls, verifier };
  }

  it('stores a good result and marks the step done by the actor', async () => {
    const { ctx, audit } = await setup();
    const { calls, verifier } = recorder({ ok: true, detail: 'Fabrikam-CrossTenant answered the test.' });
    const result = await verifyStep(
      ctx,
      OPERATOR,
      { ...SETUP, stepId: 'migration-endpoint', version: 0 },
      verifier,
    );
    if (!result.ok) throw new Error(result.code);
    expect(calls).toEqual(['endpoint@fabrikam']);
    expect(result.verification).toEqual({
      ok: true,
      detail: 'Fabrikam-CrossTenant answered the test.',
      at: '2026-11-20T09:00:00.000Z',
    });
    expect(result.view.state.steps['migration-endpoint']).toEqual({
      done: true,
      by: OPERATOR,
      at: '2026-11-20T09:00:00.000Z',
      note: VERIFIED_NOTE,
      verified: result.verification,
    });
    expect(result.view.state.version).toBe(1);
    expect(await audit()).toEqual([
      expect.objectContaining({
        action: 'runbook.verify',
        outcome: 'done',
        detail: 'cross-tenant-setup/migration-endpoint: Fabrikam-CrossTenant answered the test.',
      }),
    ]);
  });

  it('stores a failed result without marking the step done', async () => {
    const { ctx, audit } = await setup();
    const { calls, verifier } = recorder({
      ok: false,
      detail: 'No organization relationship with mailbox moves enabled and the Inbound capability.',
    });
    const result = await verifyStep(
      ctx,
      OPERATOR,
      { ...SETUP, stepId: 'target-organization-relationship' },
      verifier,
    );
    if (!result.ok) throw new Error(result.code);
    expect(calls).toEqual(['organization-relationships@fabrikam']);
    const state = result.view.state.steps['target-organization-relationship'];
    expect(state?.done).toBe(false);
    expect(state?.verified).toMatchObject({ ok: false, detail: expect.stringContaining('Inbound') });
    expect((await audit()).map((e) => `${e.action}:${e.outcome}`)).toEqual(['runbook.verify:failed']);
  });

  it('keeps a step done by hand when a later check fails, and records the failure', async () => {
    const { ctx } = await setup();
    await checkStep(ctx, OPERATOR, { ...SETUP, stepId: 'migration-endpoint', done: true, version: 0 });
    const { verifier } = recorder(new Error('Exchange did not answer'));
    const result = await verifyStep(
      ctx,
      OPERATOR,
      { ...SETUP, stepId: 'migration-endpoint', version: 1 },
      verifier,
    );
    if (!result.ok) throw new Error(result.code);
    expect(result.verification).toMatchObject({
      ok: false,
      detail: 'The check could not run: Exchange did not answer',
    });
    expect(result.view.state.steps['migration-endpoint']).toMatchObject({ done: true, by: OPERATOR });
    expect(result.view.state.version).toBe(2);
  });

  it('refuses steps without a check, stale versions and non-operators before checking anything', async () => {
    const { ctx, audit } = await setup();
    const { calls, verifier } = recorder({ ok: true, detail: 'fine' });
    const manual = await verifyStep(ctx, OPERATOR, { ...SETUP, stepId: 'holds-released' }, verifier);
    expect(manual).toMatchObject({ ok: false, reason: 'invalid' });
    const after = await verifyStep(
      ctx,
      OPERATOR,
      { tenantId: 'fabrikam', runbookId: 'cross-tenant-after', stepId: 'remove-migration-endpoints' },
      verifier,
    );
    expect(after).toMatchObject({ ok: false, reason: 'invalid' });
    const stale = await verifyStep(
      ctx,
      OPERATOR,
      { ...SETUP, stepId: 'migration-endpoint', version: 2 },
      verifier,
    );
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    const viewer = await verifyStep(ctx, VIEWER, { ...SETUP, stepId: 'migration-endpoint' }, verifier);
    expect(viewer).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(calls).toEqual([]);
    expect(await ctx.repos.runbooks.read('fabrikam', 'fabrikam:cross-tenant-setup')).toBeNull();
    expect((await audit()).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'runbook.verify:refused',
      'runbook.verify:refused',
      'runbook.verify:refused',
      'runbook.verify:refused',
    ]);
  });

  it('stores the result even when someone changed the runbook while the check ran', async () => {
    const { ctx } = await setup();
    const verifier: StepVerifier = async () => {
      await checkStep(ctx, OTHER_OPERATOR, { ...SETUP, stepId: 'holds-released', done: true });
      return { ok: true, detail: 'Both relationships allow mailbox moves.' };
    };
    const result = await verifyStep(
      ctx,
      OPERATOR,
      { ...SETUP, stepId: 'source-organization-relationship', version: 0 },
      verifier,
    );
    if (!result.ok) throw new Error(result.code);
    expect(result.view.state.version).toBe(2);
    expect(result.view.state.steps['holds-released']?.done).toBe(true);
    expect(result.view.state.steps['source-organization-relationship']).toMatchObject({
      done: true,
      note: VERIFIED_NOTE,
    });
  });
});
