import { noticeCard, noticesListCard } from '../../cards';
import { previewNotice, viewNotices } from '../../services/notices/queries';
import { noticeCardView, noticePreviewNote } from '../notice-views';
import { failureReply } from '../replies';
import { batchRef, type Handlers } from './common';

const FILTER_WORDS = { all: undefined, pending: 'not sent yet', help: 'asking for help', failed: 'failed' };

/** The notice commands: who was told what, and the card a user will get. */
export const NOTICE_HANDLERS: Handlers<'batch.notices' | 'notify.preview'> = {
  async 'batch.notices'(command, ev) {
    const o = command.options;
    const filter = o.pending ? 'pending' : o.help ? 'help' : o.failed ? 'failed' : 'all';
    const result = await viewNotices(ev.services.ctx, ev.actor, batchRef(command), filter, o.page);
    if (!result.ok) return failureReply(result, command.spec.syntax);
    return {
      card: noticesListCard({
        batchName: result.batch.name,
        filter: FILTER_WORDS[filter],
        counts: result.counts,
        page: result.page.page,
        pageCount: result.page.pageCount,
        rows: result.page.notices.map((n) => ({
          email: n.email,
          kind: n.kind,
          status: n.status === 'cancelled' ? 'failed' : n.status,
          channel: n.channel,
          sentAt: n.sentAt,
          answer: n.ack?.answer,
          error: n.error,
        })),
      }),
    };
  },
  async 'notify.preview'(command, ev) {
    const kind = command.options.kind ?? 'reset';
    const result = await previewNotice(ev.services.ctx, ev.actor, batchRef(command), kind);
    if (!result.ok) return failureReply(result, command.spec.syntax);
    const card = noticeCard(noticeCardView(result.notice, { preview: true }));
    return { text: noticePreviewNote(result, kind), card };
  },
};
