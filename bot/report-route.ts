import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { ServiceContext } from '../services/context';
import { reportCsv } from '../services/workflow/report-csv';
import type { ExportLinks } from './export-links';

const fileName = (name: string) => `report-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`;

/**
 * GET /exports/report?t=<token>: the per-user statistics of the batch the signed link names, as the
 * last sync stored them, as CSV (formulas neutralised). The link is the permission (it was shown only
 * to people who could see the report card) and expires.
 */
export function reportRoute(server: Server, deps: { links: ExportLinks; ctx: ServiceContext; log: Logger }) {
  server.get('/exports/report', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
    const checked = deps.links.verify(token, 'report');
    const plain = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!checked.ok) {
      plain(
        checked.reason === 'expired' ? 410 : 404,
        checked.reason === 'expired'
          ? 'This download link has expired. Ask Cutover for the report again: report <batch>.'
          : 'This download link is not valid.',
      );
      return;
    }
    const tenantId = checked.batchId.split('~', 1)[0]!;
    const batch = await deps.ctx.repos.batches.read(tenantId, checked.batchId);
    if (!batch) {
      plain(404, 'This batch no longer exists.');
      return;
    }
    const csv = await reportCsv(deps.ctx, batch);
    deps.log.info({ batchId: batch.id }, 'report statistics downloaded');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(batch.name)}"`,
      'cache-control': 'no-store',
    });
    // A BOM so that spreadsheets read the file as UTF-8.
    res.end(`\uFEFF${csv}`);
  });
}
