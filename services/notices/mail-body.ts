import type { NoticeContent } from './content';

/** A notice as a Microsoft Graph sendMail message body: the HTML and its plain-text twin. */
export interface NoticeMail {
  subject: string;
  html: string;
  text: string;
}

export interface NoticeMailOptions {
  /** An http(s) page where the user confirms that Outlook works or asks for help. */
  ackUrl?: string;
  /**
   * Whether to ask the user to confirm that Outlook works (default true). A heads-up before the move
   * has nothing to confirm yet, so it only says how to get help.
   */
  askToConfirm?: boolean;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function paragraphHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function checkedAckUrl(ackUrl: string | undefined): string | undefined {
  if (ackUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(ackUrl);
  } catch {
    throw new RangeError(`ackUrl is not a URL: ${ackUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`ackUrl must be an http or https URL, not ${url.protocol}`);
  }
  return url.href;
}

/**
 * Mail has no buttons, so the message says how to answer: on the confirmation page when there is one,
 * otherwise by replying. The message is meant to be sent from (or with a reply-to of) the help contact,
 * so that a reply reaches someone who can help.
 */
function answerLines(ackUrl: string | undefined, askToConfirm: boolean): { lead: string; help: string } {
  if (!askToConfirm) {
    return {
      lead: ackUrl !== undefined ? 'Need help? Tell us here:' : 'Need help? Reply to this message.',
      help: ackUrl !== undefined ? 'Or reply to this message.' : 'Someone will contact you.',
    };
  }
  if (ackUrl !== undefined) {
    return {
      lead: 'When Outlook works, confirm it here:',
      help: 'Need help instead? Use the same page, or reply to this message.',
    };
  }
  return {
    lead: 'When Outlook works, reply to this message with "Done".',
    help: 'Need help? Reply with "Help" and a short description, and someone will contact you.',
  };
}

const FONT = "font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#242424";

/** The notice as a mail: escaped HTML with simple inline styles, and the same text as plain text. */
export function noticeMail(content: NoticeContent, options: NoticeMailOptions = {}): NoticeMail {
  const ackUrl = checkedAckUrl(options.ackUrl);
  const answer = answerLines(ackUrl, options.askToConfirm ?? true);
  const steps = content.steps.map((step) => `<li style="margin:0 0 8px 0">${paragraphHtml(step)}</li>`);
  const link =
    ackUrl === undefined
      ? ''
      : ` <a href="${escapeHtml(ackUrl)}" style="color:#0f6cbd">${escapeHtml(ackUrl)}</a>`;
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head>',
    `<body style="margin:0;padding:16px;${FONT}">`,
    `<h1 style="margin:0 0 12px 0;font-size:20px;font-weight:600">${paragraphHtml(content.title)}</h1>`,
    `<p style="margin:0 0 12px 0">${paragraphHtml(content.intro)}</p>`,
    `<ol style="margin:0 0 12px 0;padding-left:24px">${steps.join('')}</ol>`,
    `<p style="margin:0 0 12px 0">${paragraphHtml(content.closing)}</p>`,
    `<p style="margin:0 0 4px 0;font-weight:600">${escapeHtml(answer.lead)}${link}</p>`,
    `<p style="margin:0;color:#616161">${escapeHtml(answer.help)}</p>`,
    '</body></html>',
  ].join('\n');
  const indent = (text: string) => text.replace(/\r?\n/g, '\n   ');
  const text = [
    content.title,
    '',
    content.intro,
    '',
    ...content.steps.map((step, i) => `${i + 1}. ${indent(step)}`),
    '',
    content.closing,
    '',
    ackUrl === undefined ? answer.lead : `${answer.lead} ${ackUrl}`,
    answer.help,
    '',
  ].join('\n');
  return { subject: content.subject.replace(/\s+/g, ' ').trim(), html, text };
}
