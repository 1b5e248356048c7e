import type { SimulatorDelivery } from '../simulator-api';
import type { DeliveryRecord } from '../state/state-schema';
import { cardTitleOf } from './card-text';

/** A stored delivery as SimulatorHandle.deliveries() shows it (ISO times, absent rather than null). */
export function deliveryView(record: DeliveryRecord): SimulatorDelivery {
  const at = new Date(record.at).toISOString();
  if (record.kind === 'mail') {
    return {
      kind: 'mail',
      at,
      id: record.id,
      sender: record.sender,
      to: [...record.to],
      subject: record.subject,
      body: record.body,
      contentType: record.contentType,
      headers: { ...record.headers },
      ...(record.noticeId === null ? {} : { noticeId: record.noticeId }),
    };
  }
  return {
    kind: 'teams',
    at,
    conversationId: record.conversationId,
    activityId: record.activityId,
    ...(record.replyToId === null ? {} : { replyToId: record.replyToId }),
    ...(record.tenantId === null ? {} : { tenantId: record.tenantId }),
    ...(record.recipient === null ? {} : { recipient: record.recipient }),
    ...(record.text === null ? {} : { text: record.text }),
    attachments: record.attachments,
    ...(record.noticeId === null ? {} : { noticeId: record.noticeId }),
  };
}

/** One row of the notices page: what went out, to whom, and which notice it was. */
export interface NoticeRow {
  at: string;
  channel: 'teams' | 'mail';
  recipient: string;
  /** The mail's subject, or the card's first line (else the activity's summary or text). */
  title: string;
  noticeId: string | null;
  /** The Teams conversation, or the sending mailbox. */
  via: string;
}

export function noticeRow(record: DeliveryRecord): NoticeRow {
  const at = new Date(record.at).toISOString();
  if (record.kind === 'mail') {
    return {
      at,
      channel: 'mail',
      recipient: record.to.join(', '),
      title: record.subject,
      noticeId: record.noticeId,
      via: record.sender,
    };
  }
  return {
    at,
    channel: 'teams',
    recipient: record.recipient ?? record.conversationId,
    title: cardTitleOf(record.attachments) ?? record.summary ?? record.text ?? '',
    noticeId: record.noticeId,
    via: record.conversationId,
  };
}
