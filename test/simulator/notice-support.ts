/** Helpers for the Teams and mail stand-ins: Graph and Bot Connector requests over real HTTP. */
import type { Json } from './sim-client';

export const CATALOG_APP_ID = '8a3f5c2e-1b4d-4e6f-9a7b-2c4d6e8f0a1b';
export const SENDER = 'it.helpdesk@northwindtraders.com';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export async function request(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = null;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** A Graph request with a bearer token (null sends none). */
export function graph(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = 't',
) {
  const url = path.startsWith('http') ? path : `${base}/v1.0${path}`;
  return request(url, method, body, token === null ? {} : { authorization: `Bearer ${token}` });
}

export function installBody(appId = CATALOG_APP_ID) {
  return { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${appId}` };
}

/** Installs the app for the user and returns the 1:1 chat id Graph gives for the installation. */
export async function installAndChat(base: string, user: string): Promise<string> {
  const installed = await graph(
    base,
    'POST',
    `/users/${encodeURIComponent(user)}/teamwork/installedApps`,
    installBody(),
  );
  if (installed.status !== 201 && installed.status !== 409)
    throw new Error(`install answered ${installed.status}`);
  const filter = encodeURIComponent(`teamsApp/id eq '${CATALOG_APP_ID}'`);
  const listed = await graph(
    base,
    'GET',
    `/users/${encodeURIComponent(user)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
  );
  const installationId = listed.body.value[0].id as string;
  const chat = await graph(
    base,
    'GET',
    `/users/${encodeURIComponent(user)}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`,
  );
  return chat.body.id as string;
}

export function mailBody(to: string, subject: string, html: string, headers: Record<string, string> = {}) {
  return {
    message: {
      subject,
      body: { contentType: 'HTML', content: html },
      toRecipients: [{ emailAddress: { address: to } }],
      internetMessageHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })),
    },
    saveToSentItems: true,
  };
}

/** An activity carrying an Adaptive Card whose button names the notice. */
export function noticeActivity(noticeId: string, title = 'Reset Outlook', tenantId?: string) {
  return {
    type: 'message',
    summary: title,
    ...(tenantId ? { conversation: { tenantId } } : {}),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: title, weight: 'Bolder' }],
          actions: [
            { type: 'Action.Execute', title: 'Done', verb: 'notice.ack', data: { noticeId, answer: 'done' } },
          ],
        },
      },
    ],
  };
}

export function postActivity(base: string, conversationId: string, activity: unknown, replyToId?: string) {
  const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities${
    replyToId ? `/${encodeURIComponent(replyToId)}` : ''
  }`;
  return request(`${base}${path}`, 'POST', activity);
}
