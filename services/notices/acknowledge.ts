import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import type { Actor } from '../model/batch';
import { type Notice, noticeBatchId, noticeId } from '../model/notice';
import type { Stored } from '../store/document-store';
import { appendAudit } from '../store/repositories';
import { fail, type Result } from '../workflow/results';
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
    return fail('invalid', 'This is a preview of a notice: answers on it are not recorded.');
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const notice = await ctx.repos.notices.read(noticeBatchId(input.noticeId), input.noticeId);
    if (!notice) return fail('not_found', 'This notice no longer exists.');
    if (!notice.userId || notice.userId !== actor.id) {
      return fail('forbidden', 'This notice was sent to someone else; only they can answer it.');
    }
    if (notice.ack) return { ok: true, notice };
    const at = ctx.now().toISOString();
    try {
      const saved = await ctx.repos.notices.replace({
        ...notice,
        ack: { answer: input.answer, at, by: actor },
        updatedAt: at,
      });
      await appendAudit(ctx.repos, {
        tenantId: notice.tenantId,
        batchId: notice.batchId,
        at,
        actor,
        action: input.answer === 'done' ? 'notice.confirmed' : 'notice.help',
        outcome: 'done',
        detail: `${notice.email} (${notice.kind})`,
      });
      if (saved.kind === 'reminder') await answerReset(ctx, saved, input.answer, at, actor);
      if (input.answer === 'help') await ctx.events.helpRequested(saved);
      await refreshNoticeSummary(ctx, saved.batchId);
      return { ok: true, notice: saved };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return fail('busy', 'This notice is being updated; try again in a moment.');
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
  for (let attempt = 0; attempt < 3; attempt++) {
    const reset = await ctx.repos.notices.read(reminder.batchId, id);
    if (!reset || reset.ack) return;
    try {
      await ctx.repos.notices.replace({ ...reset, ack: { answer, at, by: actor }, updatedAt: at });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}
