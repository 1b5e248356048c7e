import type { NoticeRow } from '../messaging/delivery-view';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** GET /_simulator/notices: what went out to users, newest first, as a page a person can read. */
export function noticesPage(rows: readonly NoticeRow[]): string {
  const body =
    rows.length === 0
      ? '<tr><td colspan="5">Nothing has been sent yet.</td></tr>'
      : [...rows]
          .reverse()
          .map((row) =>
            [
              '<tr>',
              `<td>${escapeHtml(row.at)}</td>`,
              `<td>${row.channel === 'teams' ? 'Teams' : 'Mail'}</td>`,
              `<td>${escapeHtml(row.recipient)}</td>`,
              `<td>${escapeHtml(row.title)}</td>`,
              `<td>${escapeHtml(row.noticeId ?? '')}</td>`,
              '</tr>',
            ].join(''),
          )
          .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Notices sent</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
</style>
</head>
<body>
<h1>Notices sent</h1>
<p>${rows.length} sent, newest first. Teams messages the Bot Connector delivered and mails sent through Microsoft Graph. <a href="notices.json">JSON</a></p>
<table>
<thead><tr><th>Time</th><th>Channel</th><th>Recipient</th><th>Subject or title</th><th>Notice id</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</body>
</html>
`;
}
