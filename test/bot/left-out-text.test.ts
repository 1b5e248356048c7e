import { describe, expect, it } from 'vitest';
import { LEFT_OUT_SHOWN, leftOutText } from '../../bot/left-out-text';
import type { Batch } from '../../services/model/batch';

function batch(userCount: number, skipped: Batch['skipped'], name = 'Wave 2'): Batch {
  return {
    id: 'northwind~wave-2',
    pk: 'northwind',
    type: 'batch',
    tenantId: 'northwind',
    name,
    nameKey: name.toLowerCase(),
    scenario: 'cross-tenant',
    version: 1,
    state: 'Created',
    userCount,
    createdBy: { id: 'op-1' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    skipped,
  };
}

describe('the post about users Exchange left out', () => {
  it('names each user with Exchange reason and the count of users the batch really has', () => {
    const reason = "The user 'ada@northwindtraders.com' already exists in migration batch 'Wave 1'.";
    const text = leftOutText(batch(1, { count: 1, users: [{ email: 'ada@northwindtraders.com', reason }] }));
    expect(text).toBe(
      `Exchange created **Wave 2** with 1 user and left 1 out:\n\n- ada@northwindtraders.com: ${reason}`,
    );
  });

  it(`lists at most ${LEFT_OUT_SHOWN} and says how many more, counting those not kept on the batch`, () => {
    const users = Array.from({ length: 50 }, (_, i) => ({ email: `u${i}@x.com`, reason: `r${i}` }));
    const text = leftOutText(batch(3, { count: 70, users }));
    const lines = text.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toHaveLength(LEFT_OUT_SHOWN + 1);
    expect(lines.at(-1)).toBe('- and 60 more (see `audit Wave 2`)');
    expect(text).toContain('with 3 users and left 70 out');
  });

  it('shows markdown characters in addresses and reasons as text, and an empty address as such', () => {
    const text = leftOutText(
      batch(0, {
        count: 2,
        users: [
          { email: 'a_b*c@x.com', reason: '[x](y)' },
          { email: '', reason: 'empty' },
        ],
      }),
    );
    expect(text).toContain('- a\\_b\\*c@x.com: \\[x\\](y)');
    expect(text).toContain('- (empty address): empty');
  });

  it('shows direction overrides and control characters from Exchange escaped, never raw', () => {
    const text = leftOutText(
      batch(1, { count: 1, users: [{ email: 'eve@x.com', reason: 'bad\u202Etxt.exe\u0000' }] }),
    );
    expect(text.includes('\u202E') || text.includes('\u0000')).toBe(false);
    expect(text).toContain('bad\\\\u202Etxt.exe');
  });
});
