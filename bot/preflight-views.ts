import type { PreflightCardData, PreflightCardFinding } from '../cards/preflight';
import { rolesOf, type TenantsFile } from '../services/config/tenants';
import {
  blockingFailures,
  type CheckId,
  type Finding,
  type PreflightReport,
} from '../services/model/preflight';
import { CHECKS } from '../services/preflight/checks';
import type { ExportLinks } from './export-links';

const finding = (f: Finding): PreflightCardFinding => ({
  title: CHECKS[f.check].title,
  status: f.status,
  message: f.message,
  fix: f.fix,
});

/** What the preflight card shows of a stored report, for one viewer. */
export function preflightView(
  report: PreflightReport,
  deps: { tenants: TenantsFile; links: ExportLinks; viewerId?: string },
): PreflightCardData {
  const tenant = deps.tenants.tenants.find((t) => t.id === report.tenantId);
  return {
    batchId: report.batchId,
    batchName: report.batchName,
    tenantName: tenant?.displayName ?? report.tenantId,
    scenario: report.scenario,
    state: report.state,
    ranBy: report.ranBy.name ?? report.ranBy.id,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    error: report.error,
    userCount: report.userCount,
    counts: report.counts,
    checks: Object.entries(report.checks).map(([check, n]) => ({
      title: CHECKS[check as CheckId].title,
      warning: n?.warning ?? 0,
      fail: n?.fail ?? 0,
    })),
    batchFindings: report.batchFindings.map(finding),
    users: report.users
      .filter((u) => u.status !== 'pass')
      .map((u) => ({
        email: u.email,
        status: u.status as 'warning' | 'fail',
        findings: u.findings.map(finding),
      })),
    delegates: report.delegates,
    startBlocked:
      report.state === 'done' &&
      report.afterRun !== undefined &&
      !report.override &&
      blockingFailures(report) > 0,
    override: report.override && {
      by: report.override.by.name ?? report.override.by.id,
      at: report.override.at,
      reason: report.override.reason,
    },
    exportUrl: report.state === 'done' ? deps.links.preflight(report.batchId) : undefined,
    canRun:
      deps.viewerId === undefined || rolesOf(deps.tenants, report.tenantId, deps.viewerId).has('operator'),
  };
}

/** A run that passed on the way to a start needs no card of its own: the approval card shows its counts. */
export function postsSummary(report: PreflightReport): boolean {
  return report.afterRun === undefined || report.state !== 'done' || blockingFailures(report) > 0;
}
