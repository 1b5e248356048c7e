import { describe, expect, it } from 'vitest';
import { BATCH_CARD_MAX_FAILURES, batchStatusCard, cardAttachment } from '../../cards';
import { expectValidCard } from '../support/card-schema';
import { actionByTitle, actionTitles, facts, ofType, textIndex, texts } from './card-query';
import { makeBatchStatusView } from './fixtures';

function progressColumns(card: ReturnType<typeof batchStatusCard>) {
  const bar = ofType(card, 'ColumnSet')[1]!;
  return (bar.columns as { width: string; style: string }[]).map((c) => ({ width: c.width, style: c.style }));
}

describe('batchStatusCard', () => {
  it('shows name, state badge, tenant, scenario, progress, bytes, ETA and times', () => {
    const card = batchStatusCard(makeBatchStatusView());
    expectValidCard(card);
    const shown = texts(card);
    expect(shown[0]).toBe('Sales wave 1');
    expect(shown[1]).toBe('Syncing');
    const badge = (ofType(card, 'ColumnSet')[0]!.columns as { style?: string }[])[1]!;
    expect(badge.style).toBe('accent');
    expect(facts(card)[0]).toEqual({ Tenant: 'Fabrikam', Scenario: 'cross-tenant', Users: '2,000' });
    expect(shown).toContain('37% complete');
    expect(shown).toContain('12.3 GB of 40 GB');
    expect(shown).toContain('Time left: about 12 min');
    expect(shown).toContain('Last synced 2026-11-22 17:45 UTC · Updated 2026-11-22 18:00 UTC');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('fills the progress bar to exactly its percentage: n:(100 - n), no column at 0% or 100%', () => {
    expect(progressColumns(batchStatusCard(makeBatchStatusView({ progressPercent: 37.4 })))).toEqual([
      { width: '37', style: 'accent' },
      { width: '63', style: 'emphasis' },
    ]);
    const empty = batchStatusCard(makeBatchStatusView({ progressPercent: 0 }));
    expect(progressColumns(empty)).toEqual([{ width: '100', style: 'emphasis' }]);
    expect(texts(empty)).toContain('0% complete');
    const done = batchStatusCard(makeBatchStatusView({ progressPercent: 100, state: 'Completed' }));
    expect(progressColumns(done)).toEqual([{ width: '100', style: 'good' }]);
    expect(texts(done)).toContain('100% complete');
    for (const n of [1, 50, 99]) {
      expect(progressColumns(batchStatusCard(makeBatchStatusView({ progressPercent: n })))).toEqual([
        { width: String(n), style: 'accent' },
        { width: String(100 - n), style: 'emphasis' },
      ]);
    }
    // 99.7% reads "99%", and the bar shows the same 99, not a full bar.
    const almost = batchStatusCard(makeBatchStatusView({ progressPercent: 99.7 }));
    expect(progressColumns(almost).map((c) => c.width)).toEqual(['99', '1']);
    expect(texts(almost)).toContain('99% complete');
    expect(progressColumns(batchStatusCard(makeBatchStatusView({ progressPercent: 250 })))).toEqual([
      { width: '100', style: 'accent' },
    ]);
    expect(progressColumns(batchStatusCard(makeBatchStatusView({ progressPercent: -4 })))).toEqual([
      { width: '100', style: 'emphasis' },
    ]);
  });

  it('shows a synced batch as ready for cutover with a full bar and no time left', () => {
    for (const [state, line, style] of [
      ['Synced', 'Synced · ready for cutover', 'good'],
      ['SyncedWithErrors', 'Synced with errors · ready for cutover', 'warning'],
    ] as const) {
      // The lifecycle percentage stops at 80 until the cutover; the card does not present it as 80% done.
      const card = batchStatusCard(
        makeBatchStatusView({ state, progressPercent: 80, etaText: 'about 12 min' }),
      );
      expectValidCard(card);
      const shown = texts(card);
      expect(shown).toContain(line);
      expect(shown.some((t) => t.includes('80%'))).toBe(false);
      expect(shown.some((t) => t.startsWith('Time left'))).toBe(false);
      expect(progressColumns(card)).toEqual([{ width: '100', style }]);
    }
  });

  it('shows no time left for a batch that is not moving by itself', () => {
    const shown = (state: string) =>
      texts(batchStatusCard(makeBatchStatusView({ state, progressPercent: 40, etaText: 'about 12 min' })));
    for (const state of [
      'Stopping',
      'Stopped',
      'Failed',
      'Corrupted',
      'CreateFailed',
      'Created',
      'Completed',
    ])
      expect(
        shown(state).some((t) => t.startsWith('Time left')),
        state,
      ).toBe(false);
    expect(shown('Stopped')).toContain('40% complete · stopped');
    expect(shown('Stopping')).toContain('40% complete · stopping');
    expect(shown('Failed')).toContain('40% complete · failed');
    for (const state of ['Starting', 'Syncing', 'IncrementalSyncing', 'Completing']) {
      expect(shown(state), state).toContain('Time left: about 12 min');
      expect(shown(state)).toContain('40% complete');
    }
  });

  it('shows what the move means for Outlook when it is given', () => {
    const note = 'Hybrid move: users keep their Outlook profile, no reset is needed.';
    const card = batchStatusCard(makeBatchStatusView({ scenario: 'hybrid', outlookNote: note }));
    expectValidCard(card);
    expect(texts(card)).toContain(note);
    expect(texts(batchStatusCard(makeBatchStatusView())).some((t) => t.includes('Outlook'))).toBe(false);
  });

  it('lists counts with failing statuses first', () => {
    const card = batchStatusCard(makeBatchStatusView());
    const counts = ofType(card, 'FactSet')[1]!.facts as { title: string; value: string }[];
    expect(counts).toEqual([
      { title: 'Failed', value: '50' },
      { title: 'Synced', value: '1,900' },
      { title: 'Syncing', value: '50' },
    ]);
  });

  it('lists at most 10 failures, first among the user lists, with their errors and "and N more"', () => {
    const card = batchStatusCard(makeBatchStatusView());
    expectValidCard(card);
    const shown = texts(card);
    expect(shown).toContain('Failed (50 users)');
    const failureLines = shown.filter((t) => /^failed\d\d@fabrikam\.com · Failed$/.test(t));
    expect(failureLines).toHaveLength(BATCH_CARD_MAX_FAILURES);
    expect(failureLines[0]).toBe('failed01@fabrikam.com · Failed');
    expect(failureLines[9]).toBe('failed10@fabrikam.com · Failed');
    expect(shown[shown.indexOf('failed01@fabrikam.com · Failed') + 1]).toContain('failed1 doesn');
    expect(shown).toContain('…and 40 more. Open Users to see them all.');
    expect(shown.some((t) => t.includes('failed11@'))).toBe(false);
    expect(textIndex(card, 'Failed (50 users)')).toBeLessThan(textIndex(card, 'failed01@'));
    expect(textIndex(card, 'Users by status')).toBeLessThan(textIndex(card, 'Failed (50 users)'));
  });

  it('omits the failures, counts, bytes, ETA, note and last sync when there are none', () => {
    const card = batchStatusCard(
      makeBatchStatusView({
        state: 'Creating',
        totalUsers: 0,
        counts: [],
        failures: [],
        progressPercent: 0,
        bytesTransferred: undefined,
        bytesTotal: undefined,
        etaText: undefined,
        lastSyncedAt: undefined,
      }),
    );
    expectValidCard(card);
    const shown = texts(card);
    expect(shown.some((t) => t.startsWith('Failed'))).toBe(false);
    expect(shown).not.toContain('Users by status');
    expect(shown.some((t) => t.includes(' GB') || t.startsWith('Time left'))).toBe(false);
    expect(shown).toContain('Updated 2026-11-22 18:00 UTC');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('shows a state note and failures without an error text', () => {
    const card = batchStatusCard(
      makeBatchStatusView({
        state: 'Synced',
        stateNote: 'Cutover scheduled for 2026-11-22 18:00 UTC',
        failures: [{ email: 'ann@fabrikam.com', status: 'IncrementalFailed' }],
        bytesTotal: undefined,
      }),
    );
    expectValidCard(card);
    const shown = texts(card);
    expect(shown[2]).toBe('Cutover scheduled for 2026-11-22 18:00 UTC');
    expect(shown).toContain('Failed (1 user)');
    expect(shown).toContain('ann@fabrikam.com · IncrementalFailed');
    expect(shown).toContain('12.3 GB transferred');
    expect(shown.some((t) => t.startsWith('…and'))).toBe(false);
  });

  it('colours the state badge by state', () => {
    const badge = (state: string) =>
      (
        ofType(batchStatusCard(makeBatchStatusView({ state })), 'ColumnSet')[0]!.columns as {
          style: string;
        }[]
      )[1]!.style;
    expect(badge('Completed')).toBe('good');
    expect(badge('Failed')).toBe('attention');
    expect(badge('CreateFailed')).toBe('attention');
    expect(badge('Syncing')).toBe('accent');
    expect(badge('Stopped')).toBe('warning');
    expect(badge('Removed')).toBe('emphasis');
    expect(badge('SomethingNew')).toBe('emphasis');
  });

  it('keeps long names, emails and errors under the size limit', () => {
    const long = 'N'.repeat(5_000);
    const card = batchStatusCard(
      makeBatchStatusView({
        name: long,
        tenantName: 'T'.repeat(300),
        failures: Array.from({ length: 50 }, (_, i) => ({
          email: `${'u'.repeat(240)}${i}@fabrikam.com`,
          status: 'Failed',
          error: 'E'.repeat(20_000),
        })),
        actions: { start: true, stop: true, retry: true, cutover: true, remove: true },
      }),
    );
    expectValidCard(card);
    const title = texts(card)[0]!;
    expect(title.length).toBe(200);
    expect(title.endsWith('…')).toBe(true);
  });

  it('wraps into an attachment', () => {
    const card = batchStatusCard(makeBatchStatusView());
    expect(cardAttachment(card)).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: card,
    });
  });
});

describe('batchStatusCard buttons', () => {
  const flagNames = ['start', 'resume', 'stop', 'retry', 'cutover', 'remove'] as const;
  const combos = Array.from({ length: 2 ** flagNames.length }, (_, mask) =>
    Object.fromEntries(flagNames.map((name, bit) => [name, (mask & (1 << bit)) !== 0])),
  );

  it.each(combos)('shows the buttons the flags allow: %o', (flags) => {
    const card = batchStatusCard(makeBatchStatusView({ actions: flags }));
    expectValidCard(card);
    const expected = ['Refresh', 'Users'];
    if (flags.start || flags.resume) expected.push(flags.resume ? 'Resume' : 'Start');
    if (flags.stop) expected.push('Stop');
    if (flags.cutover) expected.push('Cut over');
    if (flags.retry) expected.push('Retry failed');
    if (flags.remove) expected.push('Remove');
    expect(actionTitles(card)).toEqual(expected);
    const row = card.actions ?? [];
    expect(row.length).toBeLessThanOrEqual(6);
    if (expected.length > 6) {
      expect(row[5]).toMatchObject({ type: 'Action.ShowCard', title: 'More' });
    } else {
      expect(row.every((a) => a.type === 'Action.Execute')).toBe(true);
    }
  });

  it('carries the batch id and version, and page 1 for Users', () => {
    const card = batchStatusCard(
      makeBatchStatusView({ actions: { start: true, stop: true, retry: true, cutover: true, remove: true } }),
    );
    const ref = { batchId: 'batch-7f3a', version: 4 };
    expect(actionByTitle(card, 'Refresh')).toMatchObject({ verb: 'batch.refresh', data: ref });
    expect(actionByTitle(card, 'Users')).toMatchObject({
      verb: 'batch.users',
      data: { batchId: 'batch-7f3a', page: 1 },
    });
    expect(actionByTitle(card, 'Start')).toMatchObject({ verb: 'batch.start', data: ref, style: 'positive' });
    expect(actionByTitle(card, 'Stop')).toMatchObject({ verb: 'batch.stop', data: ref });
    expect(actionByTitle(card, 'Cut over')).toMatchObject({ verb: 'batch.cutover', data: ref });
    expect(actionByTitle(card, 'Retry failed')).toMatchObject({ verb: 'batch.retry', data: ref });
    expect(actionByTitle(card, 'Remove')).toMatchObject({
      verb: 'batch.remove',
      data: ref,
      style: 'destructive',
    });
  });

  it('uses Resume for a stopped batch', () => {
    const card = batchStatusCard(makeBatchStatusView({ state: 'Stopped', actions: { resume: true } }));
    expect(actionByTitle(card, 'Resume')).toMatchObject({
      verb: 'batch.start',
      data: { batchId: 'batch-7f3a', version: 4 },
    });
  });
});

describe('batchStatusCard for a move in passes', () => {
  it('shows the pass running, the passes done, the next step and the pass buttons; a pre-stage is not a cutover', () => {
    const card = batchStatusCard(
      makeBatchStatusView({
        state: 'Synced',
        progressPercent: 50,
        passes: {
          done: ['Verify credentials', 'Pre-stage'],
          next: 'Point the MX record at the target tenant (runbook tenant-to-tenant), then run the full pass (batch pass).',
        },
        actions: { verify: true, prestage: true, pass: true, remove: true },
      }),
    );
    expectValidCard(card);
    expect(facts(card)[0]).toMatchObject({
      'Passes done': 'Verify credentials, Pre-stage',
      Next: 'Point the MX record at the target tenant (runbook tenant-to-tenant), then run the full pass (batch pass).',
    });
    expect(texts(card)).toContain('Pre-stage done · the full pass is next');
    expect(texts(card).join('\n')).not.toMatch(/ready for cutover/);
    expect(actionTitles(card)).toEqual(expect.arrayContaining(['Verify', 'Pre-stage', 'Full pass']));
    expect(actionByTitle(card, 'Full pass')).toMatchObject({ verb: 'batch.pass', data: { version: 4 } });

    const running = batchStatusCard(
      makeBatchStatusView({
        state: 'Syncing',
        passes: { running: 'Full (delta)', done: ['Verify credentials'] },
      }),
    );
    expectValidCard(running);
    expect(facts(running)[0]).toMatchObject({
      'Pass running': 'Full (delta)',
      'Passes done': 'Verify credentials',
    });
  });
});
