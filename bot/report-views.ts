import type { ReportCardData } from '../cards/report';
import type { Report } from '../services/workflow/report';
import type { BotEvent } from './event';
import { tenantName } from './commands/common';

/** What the report card shows of a report, with the CSV link for a batch's. */
export function reportView(report: Report, ev: Pick<BotEvent, 'tenants' | 'links'>): ReportCardData {
  const tenant = tenantName(ev as BotEvent, report.tenantId);
  const base = {
    asOf: report.asOf,
    total: report.total,
    percent: report.percent,
    users: report.users,
    lines: report.lines,
    hourly: report.hourly,
    ready: report.ready,
    errors: report.errors,
    complete: report.complete,
  };
  if (report.kind === 'batch') {
    return {
      ...base,
      kind: 'batch',
      subject: report.batchName,
      context: [tenant, report.scenario, report.state, report.engineName].filter(Boolean).join(' · '),
      batches: [],
      csvUrl: ev.links.report(report.batchId),
    };
  }
  return {
    ...base,
    kind: 'tenant',
    subject: tenant,
    context: `${report.batchCount} batches · ${report.tenantId}`,
    batches: report.batches,
  };
}
