import type { NoticeCardData } from '../cards/notice';
import type { Notice } from '../services/model/notice';

/** The card a migrated user gets (or gets back after answering). */
export function noticeCardView(notice: Notice): NoticeCardData {
  return {
    noticeId: notice.id,
    ...notice.content,
    askToConfirm: notice.kind !== 'heads-up',
    acknowledged: notice.ack && { answer: notice.ack.answer, at: notice.ack.at },
  };
}
