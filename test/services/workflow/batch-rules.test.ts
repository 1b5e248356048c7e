import { describe, expect, it } from 'vitest';
import type { Batch, BatchState } from '../../../services/model/batch';
import { allows, availableActions } from '../../../services/workflow/batch-rules';

const PASSES = { passes: true, scheduledCompletion: false, itemTypeStatistics: true };

function batch(state: BatchState, more: Partial<Batch> = {}): Batch {
  return {
    id: 't~b',
    pk: 't',
    type: 'batch',
    tenantId: 't',
    name: 'B',
    nameKey: 'b',
    scenario: 'third-party',
    version: 3,
    state,
    userCount: 2,
    createdBy: { id: 'u' },
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    ...more,
  };
}

const withFailures = (n: number) => ({
  summary: { total: 2, counts: {}, percent: 0, failures: [], failureCount: n, done: 0, samples: [] },
});

describe('the rules of a batch on an engine that moves data in passes', () => {
  it('submits a pass only between passes, and never cuts over (the full pass is the cutover)', () => {
    const created = batch('Created', { capabilities: PASSES });
    expect(availableActions(created)).toMatchObject({
      verify: true,
      prestage: true,
      pass: true,
      retryErrors: false,
      start: false,
      cutover: false,
      retry: false,
      stop: false,
      remove: true,
    });
    const running = batch('Syncing', { capabilities: PASSES });
    for (const action of ['verify', 'prestage', 'pass', 'retry-errors', 'complete'] as const) {
      expect(allows(running, action), action).toBe(false);
    }
    expect(allows(running, 'stop')).toBe(true);
    expect(allows(batch('Synced', { capabilities: PASSES }), 'complete')).toBe(false);
    expect(allows(batch('Synced', { capabilities: PASSES }), 'complete', true)).toBe(false);
  });

  it('retries errors only after a completed pass with failed users or items with errors', () => {
    expect(
      allows(batch('CompletedWithErrors', { capabilities: PASSES, ...withFailures(1) }), 'retry-errors'),
    ).toBe(true);
    expect(
      allows(batch('CompletedWithErrors', { capabilities: PASSES, ...withFailures(0) }), 'retry-errors'),
    ).toBe(false);
    expect(allows(batch('Completed', { capabilities: PASSES, ...withFailures(1) }), 'retry-errors')).toBe(
      false,
    );
    const itemErrors = { ...withFailures(0).summary, counts: { Completed: 1, CompletedWithWarnings: 1 } };
    const withItemErrors = batch('CompletedWithErrors', { capabilities: PASSES, summary: itemErrors });
    expect(allows(withItemErrors, 'retry-errors')).toBe(true);
    expect(availableActions(withItemErrors).retryErrors).toBe(true);
  });

  it('offers only the passes still ahead: no verify once data moved, no pre-stage after the full pass', () => {
    const prestaged = batch('Synced', { capabilities: PASSES, passes: { done: ['verify', 'prestage'] } });
    expect(availableActions(prestaged)).toMatchObject({ verify: false, prestage: true, pass: true });
    expect(allows(prestaged, 'verify')).toBe(true);
    const full = batch('CompletedWithErrors', {
      capabilities: PASSES,
      passes: { done: ['verify', 'prestage', 'full'] },
      ...withFailures(1),
    });
    expect(availableActions(full)).toMatchObject({
      verify: false,
      prestage: false,
      pass: true,
      retryErrors: true,
    });
  });

  it('resumes stopped or failed passes, and nothing while an action is pending', () => {
    expect(availableActions(batch('Stopped', { capabilities: PASSES })).resume).toBe(true);
    expect(allows(batch('Failed', { capabilities: PASSES }), 'start')).toBe(true);
    const pending = batch('Created', {
      capabilities: PASSES,
      pending: { action: 'verify', intentId: 'i', requestedAt: '2026-12-01T00:00:00Z' },
    });
    expect(Object.values(availableActions(pending)).some(Boolean)).toBe(false);
  });

  it('offers no pass on an Exchange batch, and schedules a cutover only where the engine can', () => {
    const exchange = batch('Synced', { scenario: 'cross-tenant' });
    for (const action of ['verify', 'prestage', 'pass', 'retry-errors'] as const) {
      expect(allows(exchange, action), action).toBe(false);
    }
    expect(allows(exchange, 'complete')).toBe(true);
    expect(allows(batch('Syncing', { scenario: 'cross-tenant' }), 'complete', true)).toBe(true);
    expect(availableActions(exchange)).toMatchObject({ cutover: true, verify: false, pass: false });
  });
});
