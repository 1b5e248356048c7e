import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendEmpty, sendJson } from '../http/http-io';
import type { ServerContext } from '../http/server-context';
import { noticeRow } from '../messaging/delivery-view';
import { migrationWizListing } from '../migrationwiz/mwz-listing';
import { applyFaultsRequest, faultsRequestSchema } from './faults-request';
import { noticesPage } from './notices-page';
import { tenantListing, tenantMatches } from './tenant-listing';

/** The /_simulator/* tooling endpoints. Returns false when the path is not one of them. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  context: ServerContext,
  url: URL,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_simulator/tenants': {
      const wanted = url.searchParams.get('tenant');
      const tenants = context.state.tenants.filter((t) => wanted === null || tenantMatches(t, wanted));
      if (wanted !== null && tenants.length === 0) {
        sendJson(res, 404, { error: { code: 'NotFound', message: `No tenant matches '${wanted}'.` } });
      } else sendJson(res, 200, tenants.map(tenantListing));
      return true;
    }
    case 'GET /_simulator/hoster':
      sendJson(res, 200, context.state.world.hoster ?? null);
      return true;
    case 'GET /_simulator/defects':
      sendJson(res, 200, context.state.world.defects);
      return true;
    case 'GET /_simulator/calls': {
      const cmdlet = url.searchParams.get('cmdlet') ?? undefined;
      const tenant = url.searchParams.get('tenant') ?? undefined;
      sendJson(res, 200, context.calls.list({ cmdlet, tenant }));
      return true;
    }
    case 'DELETE /_simulator/calls':
      context.calls.clear();
      sendEmpty(res, 204);
      return true;
    case 'GET /_simulator/notices': {
      const html = noticesPage(context.state.messaging.list().map(noticeRow));
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'cache-control': 'no-store',
      });
      res.end(html);
      return true;
    }
    case 'GET /_simulator/notices.json':
      sendJson(res, 200, context.state.messaging.list().map(noticeRow));
      return true;
    case 'GET /_simulator/migrationwiz':
      context.state.migrationWiz.advance(context.now());
      sendJson(res, 200, migrationWizListing(context.state.migrationWiz));
      return true;
    case 'GET /_simulator/connector':
      sendJson(res, 200, context.connectorLimits.stats());
      return true;
    case 'GET /_simulator/faults':
      sendJson(res, 200, context.faults.snapshot());
      return true;
    case 'POST /_simulator/faults': {
      let json: unknown;
      try {
        json = JSON.parse((await readBody(req)) || '{}');
      } catch {
        sendJson(res, 400, { error: { code: 'BadRequest', message: 'The body is not valid JSON.' } });
        return true;
      }
      const parsed = faultsRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || '(body)';
        sendJson(res, 400, { error: { code: 'BadRequest', message: `${where}: ${issue?.message}` } });
        return true;
      }
      try {
        applyFaultsRequest(context.faults, parsed.data);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        sendJson(res, 400, { error: { code: 'BadRequest', message: error.message } });
        return true;
      }
      context.persist();
      sendJson(res, 200, context.faults.snapshot());
      return true;
    }
    default:
      return false;
  }
}
