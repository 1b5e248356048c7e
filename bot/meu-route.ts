import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { ServiceContext } from '../services/context';
import { meuConversionCsv } from '../services/staged/meu-conversion-csv';
import type { ExportLinks } from './export-links';

const fileName = (tenantId: string) => `meu-conversion-${tenantId.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`;

/**
 * GET /exports/meu?t=<token>: the MEU conversion file of the tenant the signed link names (its staged
 * batches' migrated users with their cloud addresses and LegacyExchangeDN, formulas neutralised). The
 * link is the permission: the runbook card shows it only to the tenant's operators; it expires.
 */
export function meuRoute(server: Server, deps: { links: ExportLinks; ctx: ServiceContext; log: Logger }) {
  server.get('/exports/meu', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
    const checked = deps.links.verify(token, 'meu');
    const plain = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!checked.ok) {
      plain(
        checked.reason === 'expired' ? 410 : 404,
        checked.reason === 'expired'
          ? 'This download link has expired. Open the runbook again: runbook staged --tenant <id>.'
          : 'This download link is not valid.',
      );
      return;
    }
    const tenantId = checked.batchId;
    const file = await meuConversionCsv(deps.ctx, tenantId);
    deps.log.info({ tenantId, rows: file.rows }, 'MEU conversion file downloaded');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(tenantId)}"`,
      'cache-control': 'no-store',
    });
    // A BOM so that spreadsheets read the file as UTF-8.
    res.end(`\uFEFF${file.csv}`);
  });
}
