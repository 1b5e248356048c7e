import { describe, expect, it } from 'vitest';
import { type NoticeContent, noticeContent } from '../../../services/notices/content';
import { escapeHtml, noticeMail } from '../../../services/notices/mail-body';

const content: NoticeContent = {
  subject: 'Action needed: set up Outlook',
  title: 'Your mailbox has moved',
  intro: 'Hi Ann, your mailbox is now in Northwind Traders.',
  steps: ['Sign in as ann@northwindtraders.com.', 'Create a new Outlook profile.'],
  closing: 'Questions? Contact help@northwindtraders.com.',
};

describe('noticeMail', () => {
  it('lays out the title, intro, numbered steps and closing in HTML with inline styles', () => {
    const { subject, html } = noticeMail(content);
    expect(subject).toBe('Action needed: set up Outlook');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('>Your mailbox has moved</h1>');
    expect(html).toContain('>Hi Ann, your mailbox is now in Northwind Traders.</p>');
    expect(html.match(/<li /g)).toHaveLength(2);
    expect(html).toMatch(
      /<ol [^>]*>.*Sign in as ann@northwindtraders\.com\..*Create a new Outlook profile\..*<\/ol>/,
    );
    expect(html).toContain('style="');
    expect(html).not.toMatch(/<style|<script|class=/);
  });

  it('has a plain-text twin with the same content', () => {
    const { text } = noticeMail(content);
    expect(text).toBe(
      [
        'Your mailbox has moved',
        '',
        'Hi Ann, your mailbox is now in Northwind Traders.',
        '',
        '1. Sign in as ann@northwindtraders.com.',
        '2. Create a new Outlook profile.',
        '',
        'Questions? Contact help@northwindtraders.com.',
        '',
        'When Outlook works, reply to this message with "Done".',
        'Need help? Reply with "Help" and a short description, and someone will contact you.',
        '',
      ].join('\n'),
    );
  });

  it('says how to answer by reply when there is no confirmation page', () => {
    const { html } = noticeMail(content);
    expect(html).toContain('reply to this message with &quot;Done&quot;');
    expect(html).not.toContain('<a ');
  });

  it('links the confirmation page when there is one', () => {
    const { html, text } = noticeMail(content, { ackUrl: 'https://cutover.fabrikam.com/ack?n=1&t=x"y' });
    expect(html).toContain(
      '<a href="https://cutover.fabrikam.com/ack?n=1&amp;t=x%22y" style="color:#0f6cbd">https://cutover.fabrikam.com/ack?n=1&amp;t=x%22y</a>',
    );
    expect(text).toContain(
      'When Outlook works, confirm it here: https://cutover.fabrikam.com/ack?n=1&t=x%22y',
    );
    expect(text).toContain('reply to this message');
  });

  it('only says how to get help when it does not ask to confirm', () => {
    const byReply = noticeMail(content, { askToConfirm: false });
    expect(byReply.text).toContain('Need help? Reply to this message.\nSomeone will contact you.\n');
    expect(byReply.text).not.toMatch(/Done|confirm/);
    const byPage = noticeMail(content, { askToConfirm: false, ackUrl: 'https://cutover.fabrikam.com/ack/1' });
    expect(byPage.text).toContain(
      'Need help? Tell us here: https://cutover.fabrikam.com/ack/1\nOr reply to this message.',
    );
    expect(byPage.html).not.toMatch(/Done|confirm/);
  });

  it('refuses a confirmation link that is not http(s)', () => {
    expect(() => noticeMail(content, { ackUrl: 'javascript:alert(1)' })).toThrow(/http or https/);
    expect(() => noticeMail(content, { ackUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('escapes markup in every field of the HTML and keeps the text twin as typed', () => {
    const hostile: NoticeContent = {
      subject: '<b>Hi</b>',
      title: '<script>alert("t")</script>',
      intro: "Tom & Jerry's <img src=x onerror=alert(1)>",
      steps: ['<a href="javascript:alert(1)">click</a>', 'line one\nline two'],
      closing: '</body><h1>x</h1>',
    };
    const { subject, html, text } = noticeMail(hostile);
    expect(subject).toBe('<b>Hi</b>');
    expect(html).not.toMatch(/<script|<img|<a |<\/body><h1>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry&#39;s &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('line one<br>line two');
    expect(html).toContain('&lt;/body&gt;&lt;h1&gt;x&lt;/h1&gt;');
    expect(text).toContain('<script>alert("t")</script>');
    expect(text).toContain('2. line one\n   line two');
  });

  it('keeps the subject on one line', () => {
    expect(noticeMail({ ...content, subject: 'a\r\nBcc: x@example.com\n b' }).subject).toBe(
      'a Bcc: x@example.com b',
    );
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('renders a default notice end to end', () => {
    const notice = noticeContent({
      scenario: 'hosted',
      kind: 'reset',
      values: {
        newSignInName: 'ann@fabrikam.com',
        owaUrl: 'https://outlook.office.com/mail/',
        helpContact: 'IT <it@fabrikam.com>',
        cutoverAt: '2026-11-22 18:00 UTC',
        displayName: 'Ann',
        tenantName: 'Fabrikam',
      },
    });
    const { html, text } = noticeMail(notice);
    expect(html).toContain('IT &lt;it@fabrikam.com&gt;');
    expect(html).toContain('set &quot;Always use this profile&quot;');
    expect(text).toContain('IT <it@fabrikam.com>');
    expect(text).toMatch(/^4\. Empty the list of suggested recipients/m);
  });
});
