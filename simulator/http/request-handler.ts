import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONNECTOR_PREFIX, ConnectorService } from '../connector/connector-handler';
import { handleControl } from '../control/control-routes';
import { GRAPH_PREFIX, handleGraph } from '../graph/graph-handler';
import { handleMigrationWiz, MIGRATIONWIZ_PATH } from '../migrationwiz/mwz-handler';
import { requestErrorEnvelope } from '../protocol/envelope';
import { BodyTooLarge, sendJson } from './http-io';
import { handleInvokeCommand } from './invoke-command';
import type { ServerContext } from './server-context';

const INVOKE_PATH = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand\/?$/i;

/**
 * Routes one HTTP request: InvokeCommand, Microsoft Graph (/v1.0), the Bot Connector (/v3),
 * MigrationWiz's SOAP service (/API/2.0/WebService.asmx), the /_simulator tooling endpoints, else 404.
 */
export function createRequestHandler(context: ServerContext) {
  const connector = new ConnectorService(context);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const invoke = INVOKE_PATH.exec(url.pathname);
      if (invoke?.[1]) {
        if (req.method !== 'POST') {
          sendJson(res, 405, requestErrorEnvelope(405, 'InvokeCommand accepts POST only.'), {
            allow: 'POST',
          });
          return;
        }
        await handleInvokeCommand(req, res, context, invoke[1], url);
        return;
      }
      if (GRAPH_PREFIX.test(url.pathname)) {
        await handleGraph(req, res, context, url);
        return;
      }
      if (CONNECTOR_PREFIX.test(url.pathname)) {
        await connector.handle(req, res, url);
        return;
      }
      if (MIGRATIONWIZ_PATH.test(url.pathname)) {
        await handleMigrationWiz(req, res, context);
        return;
      }
      if (await handleControl(req, res, context, url)) return;
      sendJson(res, 404, requestErrorEnvelope(404, `No route for ${req.method} ${url.pathname}.`));
    } catch (error) {
      const status = error instanceof BodyTooLarge ? 413 : 500;
      if (status === 500) context.logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, status, requestErrorEnvelope(status, (error as Error).message));
      else res.destroy();
    }
  };
}
