import type { ServiceContext } from '../context';
import type { Actor } from '../model/batch';
import { type Notice, noticeBatchId, noticeId } from '../model/notice';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { updateDocument, refuse } from '../store/update-document';
import { type Failure, failure, type Result } from '../model/result';
import { isPreviewNoticeId } from './queries';
import { refreshNoticeSummary } from './summary';

/**
 * A migrated user's answer on a notice card. Only the user the notice went to may answer; the first
 * answer is recorded (a double click or a retry returns the recorded one and changes nothing), and
 * "I need help" is posted to the batch's conversation once.
 */
export async function acknowledgeNotice(
  ctx: ServiceContext,
  actor: Actor,
  input: { noticeId: string; answer: 'done' | 'help' },
): Promise<Result<{ notice: Stored<Notice> }>> {
  if (isPreviewNoticeId(input.noticeId)) {
    return failure('notice.preview_answer', {});
  }
  const at = ctx.now().toISOString();
  const key = { pk: noticeBatchId(input.noticeId), id: input.noticeId };
  const result = await updateDocument<Notice, Failure>(ctx.repos.notices, key, (notice) => {
    if (!notice.userId || notice.userId !== actor.id) {
      return refuse(failure('notice.not_yours', {}));
    }
    if (notice.ack) return notice;
    return { ...notice, ack: { answer: input.answer, at, by: actor }, updatedAt: at };
  });
  if (!result.ok) {
    if (result.why === 'refused') return result.refusal;
    if (result.why === 'missing') return failure('notice.gone', {});
    return failure('notice.busy', {});
  }
  const saved = result.doc;
  if (!result.written) return { ok: true, notice: saved };
  await appendAudit(ctx.repos, {
    tenantId: saved.tenantId,
    batchId: saved.batchId,
    at,
    actor,
    action: input.answer === 'done' ? 'notice.confirmed' : 'notice.help',
    outcome: 'done',
    detail: `${saved.email} (${saved.kind})`,
  });
  if (saved.kind === 'reminder') await answerReset(ctx, saved, input.answer, at, actor);
  if (input.answer === 'help') await ctx.events.helpRequested(saved);
  await refreshNoticeSummary(ctx, saved.batchId);
  return { ok: true, notice: saved };
}

/** An answer on the reminder is the answer to the reset it reminds of (the batch card counts resets). */
async function answerReset(
  ctx: ServiceContext,
  reminder: Notice,
  answer: 'done' | 'help',
  at: string,
  actor: Actor,
) {
  const id = noticeId(reminder.batchId, 'reset', reminder.email);
  await updateDocument(ctx.repos.notices, { pk: reminder.batchId, id }, (reset) =>
    reset.ack ? reset : { ...reset, ack: { answer, at, by: actor }, updatedAt: at },
  );
}
