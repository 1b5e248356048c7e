import { describe, expect, it } from 'vitest';
import type { MailboxMigration } from '../../../../services/providers/migrationwiz/entities';
import { ProjectCache } from '../../../../services/providers/migrationwiz/pass-cache';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 3, 9, minute)).toISOString();
const pass = (id: string, item: string, minute: number, Status: string, extra: MailboxMigration = {}) => ({
  Id: id,
  MailboxId: item,
  Type: 'Full',
  Status,
  CreateDate: at(minute),
  ...extra,
});

function cache() {
  const c = new ProjectCache({ Id: 'c1', Name: 'Wave 1' });
  c.setItems([
    { Id: 'm1', ExportEmailAddress: 'a@fabrikam.com', ImportEmailAddress: 'a@contoso.com' },
    { Id: 'm2', ExportEmailAddress: 'b@fabrikam.com', ImportEmailAddress: 'b@contoso.com' },
  ]);
  return c;
}

describe('the pass cache watermark', () => {
  it('reads everything until the passes were loaded once', () => {
    expect(cache().watermark()).toBeUndefined();
  });

  it('is the CreateDate of the oldest pass not yet final, else of the newest pass seen', () => {
    const c = cache();
    c.applyPasses([pass('p1', 'm1', 0, 'Completed'), pass('p2', 'm2', 5, 'Processing')]);
    c.passesLoaded = true;
    expect(c.watermark()).toBe(at(5));
    c.applyPasses([pass('p3', 'm1', 10, 'Queued')]);
    expect(c.watermark()).toBe(at(5));
    c.applyPasses([pass('p2', 'm2', 5, 'Completed')]);
    expect(c.watermark()).toBe(at(10));
    c.applyPasses([pass('p3', 'm1', 10, 'Failed')]);
    expect(c.watermark()).toBe(at(10));
  });

  it('keeps the latest pass per item whatever order passes arrive in, and the types each item completed', () => {
    const c = cache();
    c.applyPasses([
      pass('p2', 'm1', 20, 'Processing'),
      pass('p1', 'm1', 0, 'Completed', { ItemEndDate: at(0) }),
    ]);
    expect(c.latestPass('m1')?.Id).toBe('p2');
    expect(c.latest('m1')).toEqual({ type: 'full', status: 'Processing', errorCount: 0 });
    expect([...c.completed('m1')]).toEqual(['prestage']);
    expect(c.latest('m2')).toBeUndefined();
  });

  it('counts each MailboxError once per pass and keeps the first message', () => {
    const c = cache();
    c.applyPasses([pass('p1', 'm1', 0, 'Completed')]);
    const error = (id: string, Message: string) => ({ Id: id, MailboxMigrationId: 'p1', Message });
    c.applyErrors([error('e1', 'first'), error('e2', 'second')]);
    c.applyErrors([error('e2', 'second'), error('e3', 'third')]);
    expect(c.errorCount('p1')).toBe(3);
    expect(c.firstError('p1')).toBe('first');
    expect(c.latest('m1')).toEqual({ type: 'full', status: 'Completed', errorCount: 3 });
  });

  it('says when a pass names an item it does not know (added elsewhere), so the items are read again', () => {
    const c = cache();
    expect(c.applyPasses([pass('p1', 'm1', 0, 'Queued')])).toBe(false);
    expect(c.applyPasses([pass('p9', 'm9', 1, 'Queued')])).toBe(true);
  });
});
