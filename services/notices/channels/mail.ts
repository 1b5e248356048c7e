import { GraphError } from '../../providers/graph';
import { noticeMail } from '../mail-body';
import type { Channel } from './channel';
import { ChannelUnavailable, deliveryFailure } from './delivery-failure';

/** Mail through Graph from the tenant's sender, with the notice id in a header and the body to find it later. */
export const viaMail: Channel = async ({ notice, tenant, graph, userId, ready }) => {
  const sender = tenant.notices.mailSender;
  if (!graph || !sender) throw new ChannelUnavailable('no mail sender is configured');
  const mail = noticeMail(notice.content, { askToConfirm: notice.kind !== 'heads-up' });
  await ready();
  try {
    await graph.sendMail(sender, {
      to: notice.email,
      subject: mail.subject,
      html: `${mail.html}<p style="color:#888;font-size:11px">Reference: ${notice.id}</p>`,
      headers: { 'x-cutover-notice': notice.id },
    });
  } catch (error) {
    const status = error instanceof GraphError ? error.status : undefined;
    throw deliveryFailure('Graph', status, (error as Error).message);
  }
  return { channel: 'mail', userId };
};
