import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATES,
  BEFORE_CUTOVER_STATES,
  CUTOVER_STATES,
  MOVING_STATES,
  SCHEDULABLE_STATES,
  TERMINAL_STATES,
  inStates,
} from '../../../services/model/batch-states';

describe('the named sets of batch states', () => {
  it('polls every state that moves on its own, and no state a batch does not leave', () => {
    for (const state of MOVING_STATES) expect(ACTIVE_STATES).toContain(state);
    for (const state of TERMINAL_STATES) expect(ACTIVE_STATES).not.toContain(state);
  });

  it('lets a cutover be scheduled before it, in a stopped batch too, and never once it is under way', () => {
    expect(SCHEDULABLE_STATES).toEqual([...BEFORE_CUTOVER_STATES, 'Stopped']);
    for (const state of CUTOVER_STATES) expect(SCHEDULABLE_STATES).not.toContain(state);
  });

  it('answers for a state as Exchange reports it, and for text that is no state', () => {
    expect(inStates(MOVING_STATES, 'Syncing')).toBe(true);
    expect(inStates(MOVING_STATES, 'Synced')).toBe(false);
    expect(inStates(TERMINAL_STATES, 'constructor')).toBe(false);
  });
});
