import type { NoticeCardData } from '../cards/notice';
import type { Notice } from '../services/model/notice';
import type { Scenario } from '../services/model/statuses';
import { needsProfileReset } from '../services/notices/content';

/**
 * The card a migrated user gets (or gets back after answering). With `preview`, the card an admin sees
 * in `notify preview`: marked as a preview, with buttons that record nothing.
 */
export function noticeCardView(notice: Notice, options: { preview?: boolean } = {}): NoticeCardData {
  return {
    noticeId: notice.id,
    ...notice.content,
    askToConfirm: notice.kind !== 'heads-up',
    preview: options.preview === true,
    acknowledged: notice.ack && { answer: notice.ack.answer, at: notice.ack.at },
  };
}

/** The line above a previewed notice: who gets it, or why nobody of this batch does. */
export function noticePreviewNote(
  preview: { applies: boolean; notice: Pick<Notice, 'email'>; batch: { scenario: Scenario } },
  kind: string,
): string {
  if (preview.applies) return `Preview of what ${preview.notice.email} will receive (${kind}):`;
  if (!needsProfileReset(preview.batch.scenario)) {
    return `Hybrid moves need no profile reset, so this batch's users get no notice unless the tenant turns on the optional hybrid notice. This is what a ${kind} notice would look like:`;
  }
  return `Notices are off for this batch (tenant settings); this is what a ${kind} notice would look like:`;
}
