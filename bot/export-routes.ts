import type { Logger } from 'pino';
import type { Server } from 'restify';
import { preflightCsv } from '../services';
import type { ServiceContext } from '../services/context';
import { batchEmails } from '../services/preflight/batch-emails';
import { meuConversionCsv } from '../services/staged/meu-conversion-csv';
import { reportCsv } from '../services/workflow/report-csv';
import type { ExportKind, ExportLinks } from './export-links';

type Deps = { links: ExportLinks; ctx: ServiceContext; log: Logger };

/** A file to send, or why there is none (a 404 with these words). */
type Download = { name: string; csv: string; logged: Record<string, unknown> } | { missing: string };

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * GET /exports/<kind>?t=<token>: a CSV file for the object the signed link names. The link is the
 * permission (it was shown only to people who could see the card it came on) and it expires; a link of
 * one kind opens no other. The file starts with a BOM so that spreadsheets read it as UTF-8.
 */
function csvRoute(
  server: Server,
  deps: Deps,
  kind: ExportKind,
  againHint: string,
  produce: (id: string) => Promise<Download>,
) {
  server.get(`/exports/${kind}`, async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
    const checked = deps.links.verify(token, kind);
    const plain = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!checked.ok) {
      const expired = checked.reason === 'expired';
      plain(
        expired ? 410 : 404,
        expired ? `This download link has expired. ${againHint}` : 'This download link is not valid.',
      );
      return;
    }
    const file = await produce(checked.batchId);
    if ('missing' in file) {
      plain(404, file.missing);
      return;
    }
    deps.log.info(file.logged, `${kind} file downloaded`);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-${safeName(file.name)}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(`\uFEFF${file.csv}`);
  });
}

/**
 * The downloads: a batch's preflight report, a batch's per-user statistics (the report card), and a
 * staged tenant's MEU conversion file (its migrated users' cloud addresses and LegacyExchangeDN).
 * Formulas are neutralised in every file.
 */
export function exportRoutes(server: Server, deps: Deps) {
  csvRoute(
    server,
    deps,
    'preflight',
    'Ask Cutover for the report again: batch readiness <name>.',
    async (id) => {
      const report = await deps.ctx.repos.preflight.read(id, id);
      if (report?.state !== 'done') return { missing: 'This batch has no finished preflight report.' };
      const csv = preflightCsv(report, await batchEmails(deps.ctx, report));
      return { name: report.batchName, csv, logged: { batchId: id } };
    },
  );
  csvRoute(server, deps, 'report', 'Ask Cutover for the report again: report <batch>.', async (id) => {
    const batch = await deps.ctx.repos.batches.read(id.split('~', 1)[0]!, id);
    if (!batch) return { missing: 'This batch no longer exists.' };
    return { name: batch.name, csv: await reportCsv(deps.ctx, batch), logged: { batchId: batch.id } };
  });
  csvRoute(server, deps, 'meu', 'Open the runbook again: runbook staged --tenant <id>.', async (tenantId) => {
    const file = await meuConversionCsv(deps.ctx, tenantId);
    return { name: `conversion-${tenantId}`, csv: file.csv, logged: { tenantId, rows: file.rows } };
  });
}
