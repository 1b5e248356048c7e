import type { AuditCardData } from '../cards';
import { viewBatch } from '../services';
import type { Result } from '../services/model/result';
import { codeText } from './replies';
import type { BotEvent } from './event';

export const AUDIT_PAGE_SIZE = 10;

/** One page of a batch's audit trail, newest first. */
export async function auditView(
  ev: BotEvent,
  ref: { batchId?: string; name?: string; tenantId?: string },
  page: number,
): Promise<Result<{ view: AuditCardData }>> {
  const found = await viewBatch(ev.services.ctx, ev.actor, ref);
  if (!found.ok) return found;
  const batch = found.batch;
  let continuation: string | undefined;
  let events: AuditCardData['events'] = [];
  let current = 0;
  let more = false;
  do {
    const result = await ev.services.ctx.repos.audit.query({
      pk: batch.id,
      orderBy: { field: 'at', direction: 'desc' },
      pageSize: AUDIT_PAGE_SIZE,
      continuation,
    });
    current++;
    continuation = result.continuation;
    events = result.items.map((e) => ({
      at: e.at,
      actor: e.actor.name ?? e.actor.id,
      action: e.action,
      outcome: e.outcome,
      batchVersion: e.batchVersion,
      detail: e.refusal ? [e.detail, codeText(e.refusal)].filter(Boolean).join(': ') : e.detail,
    }));
    more = Boolean(continuation);
  } while (current < page && continuation);
  const shown = Math.min(current, page);
  return {
    ok: true,
    view: {
      batchId: batch.id,
      batchName: batch.name,
      page: shown,
      pageCount: more ? shown + 1 : shown,
      events,
    },
  };
}
