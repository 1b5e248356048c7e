import type { Logger } from 'pino';
import type { Server } from 'restify';
import { preflightCsv } from '../services';
import type { ServiceContext } from '../services/context';
import { batchEmails } from '../services/preflight/batch-emails';
import type { ExportLinks } from './export-links';
import { meuRoute } from './meu-route';
import { reportRoute } from './report-route';

const fileName = (name: string) => `preflight-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`;

/**
 * GET /exports/preflight?t=<token>: the preflight report of the batch the signed link names, as CSV.
 * The link is the permission (it was shown only to people who could see the card) and expires.
 */
export function exportRoutes(server: Server, deps: { links: ExportLinks; ctx: ServiceContext; log: Logger }) {
  reportRoute(server, deps);
  meuRoute(server, deps);
  server.get('/exports/preflight', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
    const checked = deps.links.verify(token);
    const plain = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!checked.ok) {
      plain(
        checked.reason === 'expired' ? 410 : 404,
        checked.reason === 'expired'
          ? 'This download link has expired. Ask Cutover for the report again: batch readiness <name>.'
          : 'This download link is not valid.',
      );
      return;
    }
    const report = await deps.ctx.repos.preflight.read(checked.batchId, checked.batchId);
    if (report?.state !== 'done') {
      plain(404, 'This batch has no finished preflight report.');
      return;
    }
    const csv = preflightCsv(report, await batchEmails(deps.ctx, report));
    deps.log.info({ batchId: checked.batchId }, 'preflight report downloaded');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(report.batchName)}"`,
      'cache-control': 'no-store',
    });
    // A BOM so that spreadsheets read the file as UTF-8.
    res.end(`\uFEFF${csv}`);
  });
}
